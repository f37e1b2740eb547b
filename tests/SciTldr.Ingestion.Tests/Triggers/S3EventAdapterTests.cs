using System.Text.Json;
using SciTldr.Contracts;
using SciTldr.Ingestion.Triggers;
using SciTldr.Messaging;

namespace SciTldr.Ingestion.Tests.Triggers;

public sealed class S3EventAdapterTests
{
    private readonly S3EventAdapter _adapter = new();

    [Fact]
    public void An_object_created_event_is_read_with_its_key_url_decoded()
    {
        var body = Event(("ObjectCreated:Put", "scitldr-lake", "landing/2026/dev+copy%281%29%C3%A9.jsonl", "\"0123abcd\"", 1234));

        var created = Assert.IsType<S3ObjectsCreated>(_adapter.TryAdapt(body));

        Assert.False(created.IsTestEvent);
        var item = Assert.Single(created.Objects);
        Assert.Equal(("ObjectCreated:Put", "scitldr-lake", "landing/2026/dev copy(1)é.jsonl", "\"0123abcd\"", 1234L),
            (item.EventName, item.Bucket, item.Key, item.ETag, item.Size));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), item.EventTime);
    }

    [Fact]
    public void Every_record_of_an_event_is_read()
    {
        var body = Event(("ObjectCreated:Put", "b", "landing/a.jsonl", "1", 1), ("ObjectCreated:CompleteMultipartUpload", "b", "landing/b.jsonl", "2", 2), ("ObjectRemoved:Delete", "b", "landing/c.jsonl", "3", 0));

        var created = Assert.IsType<S3ObjectsCreated>(_adapter.TryAdapt(body));

        Assert.Equal(["landing/a.jsonl", "landing/b.jsonl", "landing/c.jsonl"], created.Objects.Select(o => o.Key));
    }

    [Fact]
    public void The_test_event_is_recognized()
    {
        var created = Assert.IsType<S3ObjectsCreated>(_adapter.TryAdapt(
            "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2026-11-24T10:00:00.000Z\",\"Bucket\":\"scitldr-lake\",\"RequestId\":\"R\",\"HostId\":\"H\"}"));

        Assert.True(created.IsTestEvent);
        Assert.Empty(created.Objects);
    }

    [Fact]
    public void An_event_delivered_through_sns_is_unwrapped()
    {
        var inner = Event(("ObjectCreated:Put", "scitldr-lake", "landing/dev.jsonl", "e", 5));
        var sns = JsonSerializer.Serialize(new { Type = "Notification", MessageId = "m", TopicArn = "arn:aws:sns:us-east-1:1:t", Message = inner });

        var created = Assert.IsType<S3ObjectsCreated>(_adapter.TryAdapt(sns));

        Assert.Equal("landing/dev.jsonl", Assert.Single(created.Objects).Key);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"hello\":\"world\"}")]
    [InlineData("{\"Records\":{}}")]
    public void Bodies_in_other_formats_are_not_its_business(string body) => Assert.Null(_adapter.TryAdapt(body));

    [Theory]
    [InlineData("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\"}]}", "s3.bucket")]
    [InlineData("{\"Records\":[{\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\"}}}]}", "eventName")]
    [InlineData("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"size\":1}}}]}", "'key'")]
    public void A_malformed_event_is_refused_naming_what_is_missing(string body, string missing)
    {
        var error = Assert.Throws<PermanentMessageException>(() => _adapter.TryAdapt(body));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    private static string Event(params (string Name, string Bucket, string Key, string ETag, long Size)[] records) =>
        JsonSerializer.Serialize(new
        {
            Records = records.Select(r => new
            {
                eventVersion = "2.1",
                eventSource = "aws:s3",
                eventTime = "2026-11-24T10:00:00.000Z",
                eventName = r.Name,
                s3 = new { bucket = new { name = r.Bucket }, @object = new { key = r.Key, size = r.Size, eTag = r.ETag } },
            }),
        });
}
