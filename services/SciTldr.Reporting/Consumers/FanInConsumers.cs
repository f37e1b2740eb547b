using MassTransit;
using SciTldr.Contracts;
using SciTldr.Reporting.Runs;

namespace SciTldr.Reporting.Consumers;

/// <summary>Ingestion finished reading the source: the run's partition count is now known (it may be zero).</summary>
public sealed class RunIngestedConsumer : IConsumer<RunIngested>
{
    private readonly RunFinalizer _finalizer;

    public RunIngestedConsumer(RunFinalizer finalizer)
    {
        _finalizer = finalizer;
    }

    public Task Consume(ConsumeContext<RunIngested> context) => _finalizer.TryFinalizeAsync(context.Message.RunId, context.CancellationToken, context);
}

/// <summary>A partition passed through quality: the run may now be complete.</summary>
public sealed class PartitionCheckedConsumer : IConsumer<PartitionChecked>
{
    private readonly RunFinalizer _finalizer;

    public PartitionCheckedConsumer(RunFinalizer finalizer)
    {
        _finalizer = finalizer;
    }

    public Task Consume(ConsumeContext<PartitionChecked> context) => _finalizer.TryFinalizeAsync(context.Message.RunId, context.CancellationToken, context);
}

/// <summary>Quality judged the whole run (the run-level rules): the run is complete.</summary>
public sealed class RunCheckedConsumer : IConsumer<RunChecked>
{
    private readonly RunFinalizer _finalizer;

    public RunCheckedConsumer(RunFinalizer finalizer)
    {
        _finalizer = finalizer;
    }

    public Task Consume(ConsumeContext<RunChecked> context) => _finalizer.TryFinalizeAsync(context.Message.RunId, context.CancellationToken, context);
}

/// <summary>A stage gave up (its failure is already in the ledger): the run ends as failed.</summary>
public sealed class StageFailedConsumer : IConsumer<StageFailed>
{
    private readonly RunFinalizer _finalizer;
    private readonly ILogger<StageFailedConsumer> _logger;

    public StageFailedConsumer(RunFinalizer finalizer, ILogger<StageFailedConsumer> logger)
    {
        _finalizer = finalizer;
        _logger = logger;
    }

    public async Task Consume(ConsumeContext<StageFailed> context)
    {
        var failed = context.Message;
        _logger.LogWarning("Stage {Stage} gave up on run {RunId} partition {Partition}: {Reason}", failed.Stage, failed.RunId, failed.Partition, failed.Reason);
        await _finalizer.TryFinalizeAsync(failed.RunId, context.CancellationToken);
    }
}
