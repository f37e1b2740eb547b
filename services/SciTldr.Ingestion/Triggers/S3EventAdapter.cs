using System.Globalization;
using System.Net;
using System.Text.Json;
using SciTldr.Contracts;
using SciTldr.Messaging;

namespace SciTldr.Ingestion.Triggers;

/// <summary>
/// Reads S3 event notifications as they arrive on the ingestion queue in S3's own JSON format (the bucket
/// notification in AWS writes them there directly, or through SNS): <c>Records[].s3.bucket.name</c> and
/// <c>Records[].s3.object.key</c> (URL-encoded, '+' for a space), and the <c>s3:TestEvent</c> S3 sends when a
/// notification is set up. Other bodies are not its business.
/// </summary>
public sealed class S3EventAdapter : IForeignMessageAdapter
{
    public object? TryAdapt(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            // Through SNS the event is a string in the notification's "Message".
            if (root.TryGetProperty("Type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "Notification"
                && root.TryGetProperty("Message", out var inner) && inner.ValueKind == JsonValueKind.String)
            {
                return TryAdapt(inner.GetString()!);
            }

            if (root.TryGetProperty("Event", out var testEvent) && testEvent.ValueKind == JsonValueKind.String && testEvent.GetString() == "s3:TestEvent")
            {
                return new S3ObjectsCreated([], IsTestEvent: true);
            }

            if (!root.TryGetProperty("Records", out var records) || records.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var objects = new List<S3CreatedObject>();
            var index = 0;
            foreach (var record in records.EnumerateArray())
            {
                objects.Add(ReadRecord(record, index++));
            }

            return new S3ObjectsCreated(objects, IsTestEvent: false);
        }
    }

    private static S3CreatedObject ReadRecord(JsonElement record, int index)
    {
        var eventName = Text(record, index, "eventName");
        if (!record.TryGetProperty("s3", out var s3) || s3.ValueKind != JsonValueKind.Object
            || !s3.TryGetProperty("bucket", out var bucket) || bucket.ValueKind != JsonValueKind.Object
            || !s3.TryGetProperty("object", out var item) || item.ValueKind != JsonValueKind.Object)
        {
            throw new PermanentMessageException($"S3 event record {index} has no s3.bucket and s3.object");
        }

        var key = WebUtility.UrlDecode(Text(item, index, "key"));
        var etag = item.TryGetProperty("eTag", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        var size = item.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var n) ? n : 0;
        var time = record.TryGetProperty("eventTime", out var t) && t.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : DateTimeOffset.UnixEpoch;
        return new S3CreatedObject(eventName, Text(bucket, index, "name"), key, etag, size, time);
    }

    private static string Text(JsonElement element, int index, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new PermanentMessageException($"S3 event record {index} has no '{name}'");
}
