using Microsoft.Extensions.Logging;
using SciTldr.Contracts;
using SciTldr.Messaging;
using SciTldr.Messaging.Sqs;
using SciTldr.Runs;

namespace SciTldr.ServiceDefaults;

/// <summary>
/// When the edge gives up on a message (last attempt, or a permanent error), records the failure in
/// the run ledger, so the run shows which partition failed and why, and tells reporting, which
/// finalizes the run as failed.
/// </summary>
internal sealed class RunFailureReporter : IDeliveryFailureHandler
{
    private readonly RunLedger _ledger;
    private readonly IMessagePublisher _publisher;
    private readonly ServiceIdentity _identity;
    private readonly ILogger<RunFailureReporter> _logger;
    private readonly TimeProvider _clock;

    public RunFailureReporter(RunLedger ledger, IMessagePublisher publisher, ServiceIdentity identity, ILogger<RunFailureReporter> logger, TimeProvider? clock = null)
    {
        _ledger = ledger;
        _publisher = publisher;
        _identity = identity;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
    }

    public async Task OnGivingUpAsync(DeliveryFailure failure, CancellationToken cancellationToken)
    {
        if (failure.Message is not IRunMessage run)
        {
            _logger.LogError("Gave up on message {MessageId} on {Queue}, which names no run: {Reason}", failure.MessageId, failure.Queue, failure.Exception.Message);
            return;
        }

        var partition = (failure.Message as IPartitionMessage)?.Partition;
        var reason = failure.Permanent
            ? failure.Exception.Message
            : $"failed {failure.ReceiveCount} deliveries; last error: {failure.Exception.GetType().Name}: {failure.Exception.Message}";
        var now = _clock.GetUtcNow();
        await _ledger.WriteFailureAsync(
            new FailureRecord(run.RunId, _identity.Stage, partition, reason, failure.MessageId, failure.ReceiveCount, now),
            cancellationToken);
        if (_identity.Stage != Stages.Reporting)
        {
            await _publisher.SendAsync(QueueNames.Reporting, new StageFailed(run.RunId, _identity.Stage, partition, reason, now), cancellationToken: cancellationToken);
        }
    }
}
