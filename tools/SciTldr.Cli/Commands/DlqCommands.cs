using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using SciTldr.Contracts;
using SciTldr.Messaging;
using SciTldr.Messaging.Envelope;
using Spectre.Console;

namespace SciTldr.Cli.Commands;

/// <summary>
/// <c>dlq list | redrive | purge</c>: what the dead-letter queues hold and why, putting messages back on
/// their source queue once the cause is fixed, and emptying a dead-letter queue.
/// </summary>
public static class DlqCommands
{
    private const int PeekVisibilitySeconds = 20;
    private const string ReceiveCountAttribute = "ApproximateReceiveCount";

    /// <summary>Every message contract that belongs to a run, so a dead letter can name its run.</summary>
    private static readonly Type[] RunMessageTypes = [.. typeof(IRunMessage).Assembly.GetExportedTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IRunMessage).IsAssignableFrom(t))];

    /// <summary>One dead-lettered message as <c>dlq list</c> shows it.</summary>
    public sealed record DeadLetter(string Queue, string MessageId, string? MessageType, string? RunId, int? Partition, int ReceiveCount, string Reason);

    public static async Task<int> ListAsync(string root, string? queue, bool json, CancellationToken cancellationToken)
    {
        if (!ValidQueue(queue))
        {
            return RunCommands.BadArguments;
        }

        using var client = StackClient.Connect(root);
        if (client is null)
        {
            return RunCommands.Failed;
        }

        var letters = new List<DeadLetter>();
        foreach (var logical in Queues(queue))
        {
            var url = await DeadLetterUrlAsync(client, logical, cancellationToken);
            var messages = await PeekAllAsync(client.Sqs, url, cancellationToken);
            foreach (var message in messages)
            {
                letters.Add(await DescribeAsync(client, logical, message, cancellationToken));
            }

            await ReleaseAsync(client.Sqs, url, messages, cancellationToken);
        }

        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(letters, JsonSerializerOptions.Web));
            return RunCommands.Succeeded;
        }

        if (letters.Count == 0)
        {
            Console.Out.WriteLine("The dead-letter queues are empty.");
            return RunCommands.Succeeded;
        }

        var table = new Table().AddColumns("queue", "message", "type", "run", "partition", "receives", "first failure");
        foreach (var letter in letters)
        {
            table.AddRow(
                Markup.Escape(letter.Queue), Markup.Escape(letter.MessageId), Markup.Escape(letter.MessageType ?? "?"), Markup.Escape(letter.RunId ?? "-"),
                letter.Partition?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                letter.ReceiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(letter.Reason));
        }

        AnsiConsole.Write(table);
        return RunCommands.Succeeded;
    }

    /// <summary>Moves dead letters (all, or those of one run) back to their source queue, where the service tries them afresh.</summary>
    public static async Task<int> RedriveAsync(string root, string? queue, string? runId, bool json, CancellationToken cancellationToken)
    {
        if (!ValidQueue(queue))
        {
            return RunCommands.BadArguments;
        }

        using var client = StackClient.Connect(root);
        if (client is null)
        {
            return RunCommands.Failed;
        }

        var moved = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var logical in Queues(queue))
        {
            var dlqUrl = await DeadLetterUrlAsync(client, logical, cancellationToken);
            var sourceUrl = (await client.Sqs.GetQueueUrlAsync(client.Stack.QueuePrefix + logical, cancellationToken)).QueueUrl;
            var messages = await PeekAllAsync(client.Sqs, dlqUrl, cancellationToken);
            var keep = new List<Message>();
            var count = 0;
            foreach (var message in messages)
            {
                if (runId is not null && RunIdOf(message.Body) != runId)
                {
                    keep.Add(message);
                    continue;
                }

                // The run shows as running again until the retried work finishes; the failure reason of the
                // dead-lettering stays behind, so the next attempt starts clean.
                var (_, messageRun, partition) = Identify(message.Body);
                if (messageRun is not null && Lake.LakeNames.IsValidRunId(messageRun))
                {
                    await client.Ledger.ReopenAsync(messageRun, logical, partition, cancellationToken);
                }

                var attributes = (message.MessageAttributes ?? []).Where(a => a.Key != MessageHeaders.FailureReason).ToDictionary(a => a.Key, a => a.Value);
                await client.Sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = sourceUrl, MessageBody = message.Body, MessageAttributes = attributes }, cancellationToken);
                await client.Sqs.DeleteMessageAsync(dlqUrl, message.ReceiptHandle, cancellationToken);
                count++;
            }

            await ReleaseAsync(client.Sqs, dlqUrl, keep, cancellationToken);
            moved[logical] = count;
        }

        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new { redriven = moved }, JsonSerializerOptions.Web));
        }
        else
        {
            Console.Out.WriteLine(string.Join(", ", moved.Select(m => $"{m.Key}: {m.Value} message(s) back on {client.Stack.QueuePrefix}{m.Key}")));
        }

        return RunCommands.Succeeded;
    }

    /// <summary>Deletes every message of the dead-letter queue(s); asks first unless <paramref name="yes"/>.</summary>
    public static async Task<int> PurgeAsync(string root, string? queue, bool yes, bool json, CancellationToken cancellationToken)
    {
        if (!ValidQueue(queue))
        {
            return RunCommands.BadArguments;
        }

        using var client = StackClient.Connect(root);
        if (client is null)
        {
            return RunCommands.Failed;
        }

        var targets = Queues(queue).Select(q => QueueNames.DeadLetter(client.Stack.QueuePrefix + q)).ToList();
        if (!yes)
        {
            if (Console.IsInputRedirected)
            {
                Console.Error.WriteLine($"purge deletes every message of {string.Join(", ", targets)}; pass --yes to confirm without a terminal");
                return RunCommands.BadArguments;
            }

            Console.Error.Write($"Delete every message of {string.Join(", ", targets)}? Type 'yes' to confirm: ");
            if (!string.Equals(Console.ReadLine()?.Trim(), "yes", StringComparison.Ordinal))
            {
                Console.Error.WriteLine("Nothing deleted.");
                return RunCommands.Failed;
            }
        }

        var deleted = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var logical in Queues(queue))
        {
            var url = await DeadLetterUrlAsync(client, logical, cancellationToken);
            var messages = await PeekAllAsync(client.Sqs, url, cancellationToken);
            foreach (var message in messages)
            {
                await client.Sqs.DeleteMessageAsync(url, message.ReceiptHandle, cancellationToken);
            }

            deleted[logical] = messages.Count;
        }

        Console.Out.WriteLine(json
            ? JsonSerializer.Serialize(new { purged = deleted }, JsonSerializerOptions.Web)
            : string.Join(", ", deleted.Select(d => $"{d.Key}: {d.Value} message(s) deleted")));
        return RunCommands.Succeeded;
    }

    private static bool ValidQueue(string? queue)
    {
        if (queue is null || QueueNames.All.Contains(queue, StringComparer.Ordinal))
        {
            return true;
        }

        Console.Error.WriteLine($"--queue '{queue}' is not one of {string.Join(", ", QueueNames.All)}");
        return false;
    }

    private static IEnumerable<string> Queues(string? queue) => queue is null ? QueueNames.All : [queue];

    private static async Task<string> DeadLetterUrlAsync(StackClient client, string logical, CancellationToken cancellationToken) =>
        (await client.Sqs.GetQueueUrlAsync(QueueNames.DeadLetter(client.Stack.QueuePrefix + logical), cancellationToken)).QueueUrl;

    /// <summary>
    /// Every message of a queue, each received once: SQS cannot peek, so messages are received with a
    /// short visibility timeout, collected by id until the queue answers empty, and released afterwards.
    /// </summary>
    private static async Task<List<Message>> PeekAllAsync(IAmazonSQS sqs, string url, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, Message>(StringComparer.Ordinal);
        while (true)
        {
            var response = await sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest
                {
                    QueueUrl = url,
                    MaxNumberOfMessages = 10,
                    VisibilityTimeout = PeekVisibilitySeconds,
                    WaitTimeSeconds = 0,
                    MessageSystemAttributeNames = [ReceiveCountAttribute],
                    MessageAttributeNames = ["All"],
                },
                cancellationToken);
            var batch = response.Messages ?? [];
            if (batch.Count == 0 || batch.All(m => seen.ContainsKey(m.MessageId)))
            {
                return [.. seen.Values];
            }

            foreach (var message in batch)
            {
                seen.TryAdd(message.MessageId, message);
            }
        }
    }

    private static async Task ReleaseAsync(IAmazonSQS sqs, string url, IEnumerable<Message> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            await sqs.ChangeMessageVisibilityAsync(url, message.ReceiptHandle, 0, cancellationToken);
        }
    }

    private static async Task<DeadLetter> DescribeAsync(StackClient client, string logical, Message message, CancellationToken cancellationToken)
    {
        var receives = message.Attributes is not null && message.Attributes.TryGetValue(ReceiveCountAttribute, out var count)
            && int.TryParse(count, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        var (type, runId, partition) = Identify(message.Body);
        var reason = message.MessageAttributes is not null && message.MessageAttributes.TryGetValue(MessageHeaders.FailureReason, out var attribute)
            ? attribute.StringValue
            : null;
        if (reason is null && runId is not null && Lake.LakeNames.IsValidRunId(runId))
        {
            // Dead-lettered by the redrive policy after its last attempt: the service recorded why in the ledger.
            var failures = await client.Ledger.GetFailuresAsync(runId, cancellationToken);
            reason = failures.FirstOrDefault(f => f.Stage == logical && f.Partition == partition)?.Reason
                ?? failures.FirstOrDefault(f => f.Stage == logical)?.Reason;
        }

        return new DeadLetter(logical, message.MessageId, type, runId, partition, receives, reason ?? "(no reason recorded)");
    }

    private static string? RunIdOf(string body) => Identify(body).RunId;

    private static (string? Type, string? RunId, int? Partition) Identify(string body)
    {
        try
        {
            var envelope = EnvelopeSerializer.Deserialize(body);
            var type = envelope.MessageTypes.Count > 0 ? envelope.MessageTypes[0].Split(':')[^1] : null;
            foreach (var candidate in RunMessageTypes)
            {
                if (envelope.TryGetMessage(candidate, out var message) && message is IRunMessage run)
                {
                    return (candidate.Name, run.RunId, (message as IPartitionMessage)?.Partition);
                }
            }

            return (type, null, null);
        }
        catch (EnvelopeFormatException)
        {
            return ("(not an envelope)", null, null);
        }
    }
}
