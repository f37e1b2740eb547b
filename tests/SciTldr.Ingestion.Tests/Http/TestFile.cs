namespace SciTldr.Ingestion.Tests.Http;

/// <summary>How a response that does not send its whole body ends.</summary>
public enum Interruption
{
    /// <summary>TCP reset: the connection is dropped.</summary>
    Reset,

    /// <summary>An orderly close, fewer bytes than Content-Length said.</summary>
    Close,

    /// <summary>No more bytes, and the connection stays open.</summary>
    Stall,
}

/// <summary>A static file as a test server serves it: validators, ranges (or not) and the bytes.</summary>
public sealed class TestFile(byte[] content)
{
    public byte[] Content { get; } = content;

    public string? ETag { get; init; } = "\"v1\"";

    public string? LastModified { get; init; } = "Tue, 04 Nov 2025 10:00:00 GMT";

    public bool SendContentLength { get; init; } = true;

    /// <summary>A <c>Content-Encoding</c> the content is already in, if any.</summary>
    public string? ContentEncoding { get; init; }

    /// <summary>Says <c>Accept-Ranges: bytes</c>.</summary>
    public bool AdvertiseRanges { get; init; } = true;

    /// <summary>Answers a range request with 206; when false, with the whole body (200), as servers may.</summary>
    public bool HonourRanges { get; init; } = true;

    /// <summary>Answers with 206 even when If-Range does not match (a broken server).</summary>
    public bool IgnoreIfRange { get; init; }

    /// <summary>
    /// Answers the request; with <paramref name="stopAt"/>, sends the body only up to that offset of the file
    /// and then ends as <paramref name="how"/> says, after <paramref name="beforeInterrupting"/> if given.
    /// </summary>
    public async Task ServeAsync(
        TestRequest request,
        TestResponse response,
        long? stopAt = null,
        Interruption how = Interruption.Close,
        Task? beforeInterrupting = null)
    {
        var from = RangeStart(request);
        var headers = new List<(string, string)> { ("Content-Type", "application/x-ndjson") };
        if (ETag is not null)
        {
            headers.Add(("ETag", ETag));
        }

        if (LastModified is not null)
        {
            headers.Add(("Last-Modified", LastModified));
        }

        if (ContentEncoding is not null)
        {
            headers.Add(("Content-Encoding", ContentEncoding));
        }

        if (AdvertiseRanges)
        {
            headers.Add(("Accept-Ranges", "bytes"));
        }

        if (from > 0)
        {
            headers.Add(("Content-Range", $"bytes {from}-{Content.Length - 1}/{Content.Length}"));
        }

        if (SendContentLength)
        {
            headers.Add(("Content-Length", (Content.Length - from).ToString()));
        }

        await response.HeadAsync(from > 0 ? 206 : 200, from > 0 ? "Partial Content" : "OK", [.. headers]);
        var end = stopAt is { } stop ? Math.Clamp(stop, from, Content.Length) : Content.Length;
        await response.BodyAsync(Content.AsMemory((int)from, (int)(end - from)));
        if (stopAt is null)
        {
            return;
        }

        if (beforeInterrupting is not null)
        {
            await beforeInterrupting;
        }

        switch (how)
        {
            case Interruption.Reset:
                response.Reset();
                break;
            case Interruption.Stall:
                await response.StallAsync();
                break;
        }
    }

    private long RangeStart(TestRequest request)
    {
        if (!HonourRanges || request.Header("Range") is not { } range || !range.StartsWith("bytes=", StringComparison.Ordinal) || !range.EndsWith('-'))
        {
            return 0;
        }

        var ifRange = request.Header("If-Range");
        if (ifRange is not null && !IgnoreIfRange && ifRange != ETag && ifRange != LastModified)
        {
            return 0;
        }

        return long.Parse(range["bytes=".Length..^1]);
    }
}
