using Amazon.SQS.Model;
using SciTldr.Testing;

namespace SciTldr.Messaging.Tests;

/// <summary>The receive loop against the real SQS API of the fauxqs emulator.</summary>
[Trait("Category", "Integration")]
public sealed class ReceiveLoopTests : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Emulator _emulator;

    public ReceiveLoopTests(EmulatorFixture fixture)
    {
        _emulator = fixture.Emulator;
    }

    [Fact]
    public async Task Handled_message_is_deleted()
    {
        await using var harness = LoopHarness.Create(_emulator, []);
        await harness.StartAsync();

        await harness.SendAsync(1);
        await Eventually.TrueAsync(() => harness.Recorder.Completed.Count == 1, Patience, "the message to be handled");
        await Eventually.TrueAsync(async () => await harness.CountAsync(harness.QueueName) == (0, 0), Patience, "the queue to be empty");

        Assert.Single(harness.Recorder.Deliveries);
        Assert.Equal(1, harness.Loop.Handled);
    }

    [Fact]
    public async Task Failing_message_is_redelivered_until_maxReceiveCount_then_lands_in_the_dead_letter_queue()
    {
        await using var harness = LoopHarness.Create(_emulator, new() { ["Messaging:MaxReceiveCount"] = "3" });
        harness.Recorder.ShouldFail = _ => true;
        await harness.StartAsync();

        await harness.SendAsync(7);
        await Eventually.TrueAsync(async () => (await harness.CountAsync(harness.DeadLetterName)).Visible == 1, Patience, "the message to reach the DLQ");

        var deliveries = harness.Recorder.Deliveries.ToList();
        Assert.Equal([1, 2, 3], deliveries.Select(d => d.ReceiveCount));
        Assert.Equal([false, false, true], deliveries.Select(d => d.LastAttempt));
        var gaveUp = Assert.Single(harness.Recorder.GaveUp);
        Assert.False(gaveUp.Permanent);
        Assert.Equal(3, gaveUp.ReceiveCount);
        Assert.Equal(7, Assert.IsType<Contracts.TransformPartition>(gaveUp.Message).Partition);
        Assert.Equal((0, 0), await harness.CountAsync(harness.QueueName));
    }

    [Fact]
    public async Task In_process_retries_run_before_a_delivery_counts_as_failed()
    {
        await using var harness = LoopHarness.Create(_emulator, [], inProcessRetries: true);
        var attempts = 0;
        harness.Recorder.ShouldFail = _ => Interlocked.Increment(ref attempts) < 3;
        await harness.StartAsync();

        await harness.SendAsync(2);
        await Eventually.TrueAsync(() => harness.Recorder.Completed.Count == 1, Patience, "the message to succeed on its third in-process try");

        Assert.All(harness.Recorder.Deliveries, d => Assert.Equal(1, d.ReceiveCount));
        Assert.Equal(3, harness.Recorder.Deliveries.Count);
    }

    [Fact]
    public async Task Permanent_failure_is_not_retried_and_goes_straight_to_the_dead_letter_queue_with_its_reason()
    {
        await using var harness = LoopHarness.Create(_emulator, [], inProcessRetries: true);
        harness.Recorder.ShouldFail = _ => true;
        harness.Recorder.Permanent = true;
        await harness.StartAsync();

        await harness.SendAsync(4);
        await Eventually.TrueAsync(async () => (await harness.CountAsync(harness.DeadLetterName)).Visible == 1, Patience, "the message to reach the DLQ");

        Assert.Single(harness.Recorder.Deliveries);
        Assert.True(Assert.Single(harness.Recorder.GaveUp).Permanent);
        var dlqUrl = (await harness.Sqs.GetQueueUrlAsync(harness.DeadLetterName)).QueueUrl;
        var dead = await harness.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = dlqUrl, MessageAttributeNames = ["All"], WaitTimeSeconds = 1 });
        Assert.Equal("partition 4 is invalid", Assert.Single(dead.Messages).MessageAttributes[MessageHeaders.FailureReason].StringValue);
    }

    [Fact]
    public async Task Body_that_is_not_an_envelope_goes_to_the_dead_letter_queue_without_reaching_a_consumer()
    {
        await using var harness = LoopHarness.Create(_emulator, []);
        await harness.StartAsync();
        var url = await harness.Queues.GetUrlAsync(QueueNames.Transformation, CancellationToken.None);

        await harness.Sqs.SendMessageAsync(url, "{ this is not an envelope");
        await Eventually.TrueAsync(async () => (await harness.CountAsync(harness.DeadLetterName)).Visible == 1, Patience, "the poison message to reach the DLQ");

        Assert.Empty(harness.Recorder.Deliveries);
        Assert.True(Assert.Single(harness.Recorder.GaveUp).Permanent);
    }

    [Fact]
    public async Task Handler_running_three_times_the_visibility_timeout_is_not_redelivered_meanwhile()
    {
        await using var harness = LoopHarness.Create(_emulator, new() { ["Messaging:VisibilityTimeoutSeconds"] = "2" });
        harness.Recorder.WorkTime = TimeSpan.FromSeconds(6);
        await harness.StartAsync();

        await harness.SendAsync(5);
        await Eventually.TrueAsync(() => harness.Recorder.Completed.Count == 1, Patience, "the slow handler to finish");
        await Eventually.TrueAsync(async () => await harness.CountAsync(harness.QueueName) == (0, 0), Patience, "the queue to be empty");

        Assert.Single(harness.Recorder.Deliveries);
    }

    [Fact]
    public async Task Shutdown_while_busy_finishes_in_flight_work_and_releases_the_rest()
    {
        await using var harness = LoopHarness.Create(_emulator, new()
        {
            ["Messaging:Concurrency"] = "2",
            ["Messaging:Prefetch"] = "4",
            ["Messaging:VisibilityTimeoutSeconds"] = "60",
        });
        harness.Recorder.WorkTime = TimeSpan.FromSeconds(3);
        for (var i = 0; i < 6; i++)
        {
            await harness.SendAsync(i);
        }

        await harness.StartAsync();
        await Eventually.TrueAsync(() => harness.Recorder.Started == 2, Patience, "two handlers to start");
        await Eventually.TrueAsync(() => harness.Loop.InFlight == 6, Patience, "four more to be prefetched");

        await harness.StopAsync();

        Assert.Equal(2, harness.Recorder.Completed.Count);
        Assert.Equal(2, harness.Recorder.Started);

        // Released messages are visible at once, far sooner than the 60 s visibility timeout.
        var url = (await harness.Sqs.GetQueueUrlAsync(harness.QueueName)).QueueUrl;
        var returned = new HashSet<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (returned.Count < 4 && DateTime.UtcNow < deadline)
        {
            var batch = await harness.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 });
            foreach (var message in batch.Messages ?? [])
            {
                returned.Add(message.MessageId);
            }
        }

        Assert.Equal(4, returned.Count);
    }

    [Fact]
    public async Task Thousand_messages_at_concurrency_eight_are_each_handled_exactly_once()
    {
        await using var harness = LoopHarness.Create(_emulator, new()
        {
            ["Messaging:Concurrency"] = "8",
            ["Messaging:Prefetch"] = "8",
        });
        await Task.WhenAll(Enumerable.Range(0, 1000).Chunk(50).Select(async chunk =>
        {
            foreach (var i in chunk)
            {
                await harness.SendAsync(i);
            }
        }));

        await harness.StartAsync();
        await Eventually.TrueAsync(() => harness.Recorder.Completed.Count >= 1000, TimeSpan.FromMinutes(3), "1,000 messages to be handled");
        await Eventually.TrueAsync(async () => await harness.CountAsync(harness.QueueName) == (0, 0), Patience, "the queue to be empty");

        var ids = harness.Recorder.Deliveries.Select(d => d.MessageId).ToList();
        Assert.Equal(1000, ids.Count);
        Assert.Equal(1000, ids.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 1000), harness.Recorder.Completed.Order());
    }
}

/// <summary>Needs its own emulator, since it stops and restarts it.</summary>
[Trait("Category", "Integration")]
public sealed class EmulatorOutageTests
{
    [Fact]
    public async Task Loop_recovers_without_crashing_when_the_emulator_is_down_for_five_seconds()
    {
        await using var emulator = await Emulator.StartAsync(persistent: true);
        await using var harness = LoopHarness.Create(emulator, []);
        await harness.StartAsync();
        await harness.SendAsync(1);
        await Eventually.TrueAsync(() => harness.Recorder.Completed.Count == 1, TimeSpan.FromSeconds(60), "the first message to be handled");

        await emulator.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        await emulator.RestartAsync();

        Assert.True(harness.Loop.Running);
        await harness.SendAsync(2);
        await Eventually.TrueAsync(() => harness.Recorder.Completed.Count == 2, TimeSpan.FromSeconds(60), "the loop to handle a message after the outage");
        Assert.True(harness.Loop.Running);
        Assert.True(harness.Loop.LastSuccessfulPollAt > DateTimeOffset.UtcNow.AddSeconds(-30));
    }
}
