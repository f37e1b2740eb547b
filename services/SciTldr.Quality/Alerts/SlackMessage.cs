using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SciTldr.Quality.Alerts;

/// <summary>
/// The webhook body, in Slack's incoming-webhook shape: <c>text</c> is the fallback shown in notifications,
/// and one section block carries the details. Other chat tools that accept Slack payloads read the same.
/// </summary>
internal static class SlackMessage
{
    // Slack rejects a section text over 3,000 characters and a field over 2,000.
    private const int MaxSummaryLength = 1_500;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Serialize(AlertDelivery delivery) => JsonSerializer.SerializeToUtf8Bytes(Build(delivery), JsonOptions);

    public static Payload Build(AlertDelivery delivery)
    {
        var alert = delivery.Alert;
        var summary = Truncate(alert.Summary);
        var text = $"Data-quality alert [{alert.Severity}] {alert.RuleId} in run {alert.RunId}, split {alert.Split}: {alert.Failed} failed. {summary}";
        var details = $"*Data-quality alert: `{Escape(alert.RuleId)}`* ({Escape(alert.Severity)}, {Escape(alert.Kind)})\n{Escape(summary)}";
        var fields = new List<SlackText>
        {
            Markdown($"*Run*\n`{Escape(alert.RunId)}`"),
            Markdown($"*Split*\n`{Escape(alert.Split)}`"),
            Markdown($"*Rule*\n`{Escape(alert.RuleId)}`"),
            Markdown($"*Severity*\n{Escape(alert.Severity)}"),
            Markdown($"*Observed vs threshold*\n{Number(alert.Observed)} vs {Number(alert.Threshold)}"),
            Markdown($"*Failed*\n{alert.Failed.ToString(CultureInfo.InvariantCulture)}"),
            Markdown($"*Report*\n{(delivery.ReportLink is { } link ? $"`{Escape(link)}`" : "none")}"),
        };
        return new Payload(text, [new Block("section", Markdown(details), fields)]);
    }

    internal static string Number(double? value) => value is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "n/a";

    private static SlackText Markdown(string text) => new("mrkdwn", text);

    // The three characters Slack wants escaped in message text.
    private static string Escape(string value) =>
        value.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Truncate(string value) => value.Length <= MaxSummaryLength ? value : value[..MaxSummaryLength] + "…";

    internal sealed record Payload(string Text, IReadOnlyList<Block> Blocks);

    internal sealed record Block(string Type, SlackText Text, IReadOnlyList<SlackText>? Fields);

    internal sealed record SlackText(string Type, [property: JsonPropertyName("text")] string Content);
}
