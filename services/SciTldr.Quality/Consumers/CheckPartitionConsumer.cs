using MassTransit;
using SciTldr.Contracts;
using SciTldr.Domain.Features;
using SciTldr.Domain.Quality;
using SciTldr.Domain.Quality.Rulesets;
using SciTldr.Domain.Records;
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

        var papersBytes = await MessageKeys.ReadAsync(papersKey, () => _lake.GetBytesAsync(papersKey, token));
        var tldrsBytes = await MessageKeys.ReadAsync(tldrsKey, () => _lake.GetBytesAsync(tldrsKey, token));
        var (schemaResults, brokenBy) = await CheckSchemaAsync(papersBytes, tldrsBytes, token);

        PartitionQualityResult result;
        IReadOnlyList<string> paperIds;
        if (brokenBy is null)
        {
            using var papersStream = new MemoryStream(papersBytes, writable: false);
            using var tldrsStream = new MemoryStream(tldrsBytes, writable: false);
            var papers = await SilverParquet.ReadPapersAsync(papersStream, token);
            var tldrs = await SilverParquet.ReadTldrsAsync(tldrsStream, token);
            if (papers.Count != message.Papers || tldrs.Count != message.Tldrs)
            {
                throw new PermanentMessageException(
                    $"silver partition {message.Partition} holds {papers.Count} papers and {tldrs.Count} TLDRs, the message says {message.Papers} and {message.Tldrs}");
            }

            result = PartitionQualityChecker.Check(papers, tldrs, _ruleset);
            result = result with { Rules = [.. schemaResults, .. result.Rules] };
            paperIds = [.. papers.Select(p => p.PaperId)];
        }
        else
        {
            // The silver files cannot be trusted (or read): every paper of the partition is quarantined,
            // named from its bronze record, so nothing goes to gold and nothing goes missing.
            paperIds = await BronzeIdsAsync(message, token);
            result = new PartitionQualityResult
            {
                Rules = schemaResults,
                FailedRulesByPaper = paperIds.ToDictionary(id => id, IReadOnlyList<string> (_) => [brokenBy], StringComparer.Ordinal),
                PassingPapers = [],
                PassingTldrs = [],
                Quarantined = [.. paperIds.Select(id => new QuarantinedPaper(id, brokenBy))],
            };
        }

        var fullStats = Domain.Runs.PartitionStats.From(result.PassingPapers, result.PassingTldrs);
        var stats = fullStats.WithoutDetail();
        var outputs = new List<string>();

        // The histograms and per-key counts go to gold's partials; the marker keeps the small part.
        var statsKey = LakeLayout.GoldPartitionStatsKey(message.RunId, message.Partition);
        await _lake.PutJsonAsync(statsKey, fullStats, RunLedger.Json, token);
        outputs.Add(statsKey);

        var reportKey = LakeLayout.QualityReportKey(message.RunId, message.Partition);
        await _lake.PutJsonAsync(
            reportKey,
            new QualityReport(message.RunId, message.Partition, message.Split, paperIds.Count, message.Tldrs, result.Passed, result.Rules, result.Quarantined, stats)
            {
                RulesetVersion = _ruleset.Version,
                Flagged = [.. paperIds
                    .Where(result.FailedRulesByPaper.ContainsKey)
                    .Select(id => new FlaggedPaper(id, result.FailedRulesByPaper[id]))],
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
                Worker = StageMarker.ThisWorker,
                RunId = message.RunId,
                Stage = Stages.Quality,
                Partition = message.Partition,
                Split = message.Split,
                StartedAt = startedAt,
                CompletedAt = _clock.GetUtcNow(),
                RecordsIn = paperIds.Count,
                RecordsOut = result.PassingPapers.Count,
                TldrsIn = message.Tldrs,
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
            message.Partition, message.RunId, result.PassingPapers.Count, paperIds.Count, result.Quarantined.Count);
    }

    /// <summary>
    /// The schema rules, judged on the files: a result per rule (the differences as examples), and the
    /// first failing error rule, which makes the partition's rows untrustworthy.
    /// </summary>
    private async Task<(IReadOnlyList<RuleResult> Results, string? BrokenBy)> CheckSchemaAsync(byte[] papers, byte[] tldrs, CancellationToken token)
    {
        var results = new List<RuleResult>();
        string? brokenBy = null;
        foreach (var rule in _ruleset.PartitionRules.Where(r => r.Kind == RuleKind.Schema))
        {
            using var stream = new MemoryStream(rule.Table == RuleTable.Papers ? papers : tldrs, writable: false);
            var differences = await SilverParquet.SchemaDifferencesAsync(stream, rule.Table == RuleTable.Papers, token);
            var failed = differences.Count > 0;
            results.Add(new RuleResult(rule.Id, rule.Severity, 1, failed ? 1 : 0, [.. differences.Take(5).Select(d => new RuleExample("(file)", null, d))])
            {
                Kind = RulesetNames.Of(rule.Kind),
                Table = RulesetNames.Of(rule.Table),
                Observed = differences.Count,
                Passed = !failed,
            });
            if (failed && rule.Severity == RuleSeverity.Error)
            {
                brokenBy ??= rule.Id;
            }
        }

        return (results, brokenBy);
    }

    private async Task<IReadOnlyList<string>> BronzeIdsAsync(CheckPartition message, CancellationToken token)
    {
        var key = LakeLayout.BronzeKey(message.RunId, message.Split, message.Partition);
        var ids = new List<string>();
        await using var source = await MessageKeys.ReadAsync(key, () => _lake.OpenReadAsync(key, token));
        await using var reader = new JsonlLineReader(source);
        while (await reader.ReadAsync(token))
        {
            if (RecordValidator.Validate(reader.Current.Bytes).Record is { } record)
            {
                ids.Add(record.PaperId);
            }
        }

        return ids;
    }
}
