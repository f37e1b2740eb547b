using MassTransit;
using SciTldr.Contracts;
using SciTldr.Domain.Features;
using SciTldr.Domain.Quality;
using SciTldr.Domain.Quality.Rulesets;
using SciTldr.Domain.Silver;
using SciTldr.Lake;
using SciTldr.Messaging;
using SciTldr.Messaging.Sqs;
using SciTldr.Runs;
using SciTldr.ServiceDefaults;

namespace SciTldr.Quality.Consumers;

/// <summary>
/// Checks one silver partition against the ruleset's partition-level rules: writes the partition's quality
/// report, quarantines papers failing an error rule (reason = rule id), and records statistics over
/// the papers that passed, which reporting merges into the run's figures.
/// </summary>
public sealed class CheckPartitionConsumer : IConsumer<CheckPartition>
{
    private readonly S3Lake _lake;
    private readonly RunLedger _ledger;
    private readonly IMessagePublisher _publisher;
    private readonly ILogger<CheckPartitionConsumer> _logger;
    private readonly TimeProvider _clock;
    private readonly Ruleset _ruleset;

    public CheckPartitionConsumer(S3Lake lake, RunLedger ledger, IMessagePublisher publisher, Ruleset ruleset, ILogger<CheckPartitionConsumer> logger, TimeProvider? clock = null)
    {
        _lake = lake;
        _ruleset = ruleset;
        _ledger = ledger;
        _publisher = publisher;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
    }

    public async Task Consume(ConsumeContext<CheckPartition> context)
    {
        var message = context.Message;
        var token = context.CancellationToken;
        var startedAt = _clock.GetUtcNow();
        var papersKey = MessageKeys.Require(message.PapersKey, LakeArea.SilverPapers, () => LakeLayout.SilverPapersKey(message.RunId, message.Split, message.Partition));
        var tldrsKey = MessageKeys.Require(message.TldrsKey, LakeArea.SilverTldrs, () => LakeLayout.SilverTldrsKey(message.RunId, message.Split, message.Partition));

        var papers = await SilverReader.ReadAsync(_lake, papersKey, SilverParquet.ReadPapersAsync, token);
        var tldrs = await SilverReader.ReadAsync(_lake, tldrsKey, SilverParquet.ReadTldrsAsync, token);
        if (papers.Count != message.Papers || tldrs.Count != message.Tldrs)
        {
            throw new PermanentMessageException(
                $"silver partition {message.Partition} holds {papers.Count} papers and {tldrs.Count} TLDRs, the message says {message.Papers} and {message.Tldrs}");
        }

        var result = PartitionQualityChecker.Check(papers, tldrs, _ruleset);
        var stats = Domain.Runs.PartitionStats.From(result.PassingPapers, result.PassingTldrs);
        var outputs = new List<string>();

        var reportKey = LakeLayout.QualityReportKey(message.RunId, message.Partition);
        await _lake.PutJsonAsync(
            reportKey,
            new QualityReport(message.RunId, message.Partition, message.Split, papers.Count, tldrs.Count, result.Passed, result.Rules, result.Quarantined, stats)
            {
                RulesetVersion = _ruleset.Version,
                Flagged = [.. papers
                    .Where(p => result.FailedRulesByPaper.ContainsKey(p.PaperId))
                    .Select(p => new FlaggedPaper(p.PaperId, result.FailedRulesByPaper[p.PaperId]))],
            },
            RunLedger.Json,
            token);
        outputs.Add(reportKey);

        var quarantineKey = LakeLayout.QuarantineKey(message.RunId, Stages.Quality, message.Partition);
        if (result.Quarantined.Count > 0)
        {
            await using var quarantine = new JsonlGzWriter();
            foreach (var paper in result.Quarantined)
            {
                quarantine.WriteJson(new QualityQuarantineRecord(paper.PaperId, paper.Reason, result.FailedRulesByPaper[paper.PaperId]));
            }

            await quarantine.CompleteAsync(_lake, quarantineKey, token);
            outputs.Add(quarantineKey);
        }

        await _ledger.WriteMarkerAsync(
            new StageMarker
            {
                RunId = message.RunId,
                Stage = Stages.Quality,
                Partition = message.Partition,
                Split = message.Split,
                StartedAt = startedAt,
                CompletedAt = _clock.GetUtcNow(),
                RecordsIn = papers.Count,
                RecordsOut = result.PassingPapers.Count,
                TldrsIn = tldrs.Count,
                Quarantined = result.Quarantined.Count,
                QuarantineByReason = result.Quarantined
                    .GroupBy(q => q.Reason, StringComparer.Ordinal)
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal),
                Outputs = outputs,
                Stats = stats,
                Rules = result.Rules,
            },
            token);
        await _publisher.SendAsync(QueueNames.Reporting, new PartitionChecked(message.RunId, message.Partition, message.Split, reportKey), context, token);
        _logger.LogInformation(
            "Checked partition {Partition} of run {RunId}: {Passing}/{Papers} papers passed, {Quarantined} quarantined",
            message.Partition, message.RunId, result.PassingPapers.Count, papers.Count, result.Quarantined.Count);
    }
}
