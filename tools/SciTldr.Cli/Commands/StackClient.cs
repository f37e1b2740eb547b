using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SciTldr.Cli.Stack;
using SciTldr.Lake;
using SciTldr.Messaging;
using SciTldr.Messaging.Sqs;
using SciTldr.Runs;

namespace SciTldr.Cli.Commands;

/// <summary>The CLI's connection to a running stack: the lake, the run ledger and the publisher.</summary>
public sealed class StackClient : IDisposable
{
    private readonly AmazonS3Client _s3;
    private readonly AmazonSQSClient _sqs;

    public StackClient(StackFile stack)
    {
        Stack = stack;
        var credentials = new BasicAWSCredentials(StackDefaults.LocalAccessKey, StackDefaults.LocalSecretKey);
        _s3 = new AmazonS3Client(credentials, new AmazonS3Config { ServiceURL = stack.AwsEndpoint, AuthenticationRegion = stack.Region, ForcePathStyle = true });
        _sqs = new AmazonSQSClient(credentials, new AmazonSQSConfig { ServiceURL = stack.AwsEndpoint, AuthenticationRegion = stack.Region });
        Lake = new S3Lake(_s3, Options.Create(new LakeOptions { Bucket = stack.Bucket }));
        Ledger = new RunLedger(Lake);
        Publisher = new SqsPublisher(new SqsQueues(_sqs, Options.Create(new MessagingOptions { QueuePrefix = stack.QueuePrefix }), NullLogger<SqsQueues>.Instance));
    }

    public StackFile Stack { get; }

    public S3Lake Lake { get; }

    public RunLedger Ledger { get; }

    public IMessagePublisher Publisher { get; }

    public IAmazonSQS Sqs => _sqs;

    public string ReportBaseUrl => Stack.Services[Contracts.Stages.Reporting].Url;

    public void Dispose()
    {
        _s3.Dispose();
        _sqs.Dispose();
    }

    /// <summary>The running stack, or null with a message on stderr that says how to start one.</summary>
    public static StackClient? Connect(string root)
    {
        if (StackFile.FromComposeEnvironment() is { } compose)
        {
            return new StackClient(compose);
        }

        var stack = StackFile.TryRead(root);
        if (stack is null || !ChildProcess.IsAlive(stack.Emulator.Pid) && stack.Emulator.Pid != 0)
        {
            Console.Error.WriteLine("No local stack is running. Start one with `./scitldr up --detach` (or `./scitldr demo` to run everything).");
            return null;
        }

        var dead = stack.Services.Where(s => !ChildProcess.IsAlive(s.Value.Pid)).Select(s => s.Key).ToList();
        if (dead.Count > 0)
        {
            // A run would never finish; say so now rather than after the --wait timeout.
            Console.Error.WriteLine($"The stack is only partly up: {string.Join(", ", dead)} not running (see .scitldr/logs/). Restart it with ./scitldr down && ./scitldr up --detach");
            return null;
        }

        return new StackClient(stack);
    }
}
