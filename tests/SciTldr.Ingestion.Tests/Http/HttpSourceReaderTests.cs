using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using SciTldr.Ingestion.Sources;

namespace SciTldr.Ingestion.Tests.Http;

public sealed class HttpSourceReaderTests : IDisposable
{
    private const int Megabyte = 1024 * 1024;

    private readonly HttpClient _client = new();
    private readonly ListLogger<HttpSourceReader> _logger = new();

    // A guard against a hanging test, not a timing assertion: it only fires when something is broken.
    private readonly CancellationTokenSource _guard = new(TimeSpan.FromSeconds(60));

    public void Dispose()
    {
        _client.Dispose();
        _guard.Dispose();
    }

    [Fact]
    public async Task Plain_response_streams_the_exact_bytes_and_describes_the_source()
    {
        var file = new TestFile(Data(4 * Megabyte, seed: 1));
        await using var server = new TestHttpServer((request, response) => file.ServeAsync(request, response));

        await using var source = await Reader().OpenAsync(server.Url(), _guard.Token);

        Assert.Equal(Sha256(file.Content), await Sha256Async(source.Content));
        Assert.Equal(server.Url(), source.Address);
        Assert.Equal("\"v1\"", source.ETag);
        Assert.Equal(new DateTimeOffset(2025, 11, 4, 10, 0, 0, TimeSpan.Zero), source.LastModified);
        Assert.Equal((long)file.Content.Length, source.ContentLength);
        Assert.Equal("application/x-ndjson", source.ContentType);
        Assert.Equal(0, source.Resumes);
        Assert.Single(server.Requests);
        Assert.False(source.Content.CanSeek);
        Assert.False(source.Content.CanWrite);
    }

    [Fact]
    public async Task Address_is_the_final_url_after_a_redirect()
    {
        var file = new TestFile(Data(1000, seed: 2));
        await using var server = new TestHttpServer((request, response) => request.Target == "/moved"
            ? response.CompleteAsync(302, "Found", headers: ("Location", "/source.jsonl"))
            : file.ServeAsync(request, response));

        await using var source = await Reader().OpenAsync(server.Url("/moved"), _guard.Token);

        Assert.Equal(server.Url(), source.Address);
        Assert.Equal(Sha256(file.Content), await Sha256Async(source.Content));
    }

    [Fact]
    public async Task Two_503s_then_200_succeed_on_the_third_request()
    {
        var file = new TestFile(Data(100_000, seed: 3));
        await using var server = new TestHttpServer((request, response) => request.Index < 2
            ? response.CompleteAsync(503, "Service Unavailable", "busy")
            : file.ServeAsync(request, response));

        await using var source = await Reader().OpenAsync(server.Url(), _guard.Token);

        Assert.Equal(Sha256(file.Content), await Sha256Async(source.Content));
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(2, _logger.Entries.Count(entry => entry.Level == LogLevel.Warning && entry.Message.Contains("503", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Not_found_fails_at_once_without_retrying()
    {
        await using var server = new TestHttpServer((_, response) => response.CompleteAsync(404, "Not Found", "no such file"));

        var failure = await Assert.ThrowsAsync<SourceUnavailableException>(() => Reader().OpenAsync(server.Url("/missing.jsonl"), _guard.Token));

        Assert.Single(server.Requests);
        Assert.Equal($"GET {server.Url("/missing.jsonl")} failed: 404 Not Found (the source does not exist)", failure.Message);
    }

    [Fact]
    public async Task Messages_leave_out_the_query_which_may_hold_credentials()
    {
        await using var server = new TestHttpServer((_, response) => response.CompleteAsync(404, "Not Found"));

        var failure = await Assert.ThrowsAsync<SourceUnavailableException>(
            () => Reader().OpenAsync(server.Url("/dev.jsonl?X-Amz-Signature=secret"), _guard.Token));

        Assert.Equal("/dev.jsonl?X-Amz-Signature=secret", Assert.Single(server.Requests).Target);
        Assert.DoesNotContain("secret", failure.Message, StringComparison.Ordinal);
        Assert.StartsWith($"GET {server.Url("/dev.jsonl")}?... failed: 404", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Response_headers_that_do_not_come_in_time_are_retried()
    {
        var file = new TestFile(Data(10_000, seed: 20));
        await using var server = new TestHttpServer((request, response) => request.Index == 0
            ? response.StallAsync()
            : file.ServeAsync(request, response));
        var options = Fast();
        options.ConnectTimeout = TimeSpan.FromMilliseconds(200);

        await using var source = await Reader(options).OpenAsync(server.Url(), _guard.Token);

        Assert.Equal(Sha256(file.Content), await Sha256Async(source.Content));
        Assert.Equal(2, server.Requests.Count);
        var retry = Assert.Single(_logger.Entries, entry => entry.Level == LogLevel.Warning);
        Assert.Equal("no response within 200 ms", retry.Values["Reason"]);
    }

    [Fact]
    public async Task Synchronous_reads_resume_too()
    {
        var file = new TestFile(Data(Megabyte, seed: 21));
        await using var server = new TestHttpServer((request, response) => request.Index == 0
            ? file.ServeAsync(request, response, stopAt: 500_000)
            : file.ServeAsync(request, response));

        await using var source = await Reader().OpenAsync(server.Url(), _guard.Token);
        using var copy = new MemoryStream();
        source.Content.CopyTo(copy);

        Assert.Equal(Sha256(file.Content), Sha256(copy.ToArray()));
        Assert.Equal(1, source.Resumes);
    }

    [Theory]
    [InlineData(403, "Forbidden")]
    [InlineData(410, "Gone")]
    [InlineData(400, "Bad Request")]
    public async Task Other_client_errors_fail_at_once(int status, string reason)
    {
        await using var server = new TestHttpServer((_, response) => response.CompleteAsync(status, reason));

        var failure = await Assert.ThrowsAsync<SourceUnavailableException>(() => Reader().OpenAsync(server.Url(), _guard.Token));

        Assert.Single(server.Requests);
        Assert.Contains($"{status} {reason}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Persistent_503_fails_after_max_attempts_naming_url_count_and_last_error()
    {
        await using var server = new TestHttpServer((_, response) => response.CompleteAsync(503, "Service Unavailable"));

        var failure = await Assert.ThrowsAsync<SourceUnavailableException>(
            () => Reader(Fast(maxAttempts: 4)).OpenAsync(server.Url(), _guard.Token));

        Assert.Equal(4, server.Requests.Count);
        Assert.Equal($"GET {server.Url()} failed after 4 attempts: 503 Service Unavailable", failure.Message);
    }

    [Fact]
    public async Task Refused_connections_are_retried_then_fail_naming_the_count()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var failure = await Assert.ThrowsAsync<SourceUnavailableException>(
            () => Reader(Fast(maxAttempts: 3)).OpenAsync(new Uri($"http://127.0.0.1:{port}/x"), _guard.Token));

        Assert.StartsWith($"GET http://127.0.0.1:{port}/x failed after 3 attempts: ", failure.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<HttpRequestException>(failure.InnerException);
    }

    [Fact]
    public async Task Connection_reset_mid_body_is_resumed_with_a_range_request()
    {
        var file = new TestFile(Data(2 * Megabyte, seed: 5));
        const int stopAt = 700_000;
        var firstBytesRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new TestHttpServer((request, response) => request.Index == 0
            ? file.ServeAsync(request, response, stopAt, Interruption.Reset, beforeInterrupting: firstBytesRead.Task)
            : file.ServeAsync(request, response));

        await using var source = await Reader().OpenAsync(server.Url(), _guard.Token);
        var head = new byte[1000];
        var headLength = await source.Content.ReadAsync(head, _guard.Token);
        firstBytesRead.SetResult();
        var rest = await ReadAllAsync(source.Content);

        Assert.Equal(Sha256(file.Content), Sha256([.. head.AsSpan(0, headLength), .. rest]));
        Assert.Equal(1, source.Resumes);
        Assert.Equal(2, server.Requests.Count);
        var resumeFrom = ParseRangeStart(server.Requests[1].Header("Range"));
        Assert.InRange(resumeFrom, headLength, stopAt);
        Assert.Equal("\"v1\"", server.Requests[1].Header("If-Range"));
        Assert.Contains(_logger.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("resuming", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connection_reset_without_range_support_reads_again_from_the_start()
    {
        var file = new TestFile(Data(2 * Megabyte, seed: 6)) { AdvertiseRanges = false, HonourRanges = false };
        var firstBytesRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new TestHttpServer((request, response) => request.Index == 0
            ? file.ServeAsync(request, response, stopAt: 900_000, Interruption.Reset, beforeInterrupting: firstBytesRead.Task)
            : file.ServeAsync(request, response));

        await using var source = await Reader().OpenAsync(server.Url(), _guard.Token);
        var head = new byte[1000];
        var headLength = await source.Content.ReadAsync(head, _guard.Token);
        firstBytesRead.SetResult();
        var rest = await ReadAllAsync(source.Content);

        Assert.Equal(Sha256(file.Content), Sha256([.. head.AsSpan(0, headLength), .. rest]));
        Assert.Equal(1, source.Resumes);
        Assert.Equal(2, server.Requests.Count);
        Assert.Null(server.Requests[1].Header("Range"));
    }

    [Fact]
    public async Task Range_request_answered_with_the_whole_body_skips_what_was_already_read()
    {
        var file = new TestFile(Data(Megabyte, seed: 7)) { HonourRanges = false };
        await using var server = new TestHttpServer((request, response) => request.Index == 0
            ? file.ServeAsync(request, response, stopAt: 400_000)
            : file.ServeAsync(request, response));

        await using var source = await Reader().OpenAsync(server.Url(), _guard.Token);

        Assert.Equal(Sha256(file.Content), await Sha256Async(source.Content));
        Assert.Equal(1, source.Resumes);
        Assert.Equal("bytes=400000-", server.Requests[1].Header("Range"));
    }

    [Fact]
    public async Task Stalled_body_is_given_up_after_the_read_timeout_and_resumed()
    {
        var file = new TestFile(Data(Megabyte, seed: 8));
        await using var server = new TestHttpServer((request, response) => request.Index == 0
            ? file.ServeAsync(request, response, stopAt: 300_000, Interruption.Stall)
            : file.ServeAsync(request, response));

        await using var source = await Reader().OpenAsync(server.Url(), _guard.Token);

        Assert.Equal(Sha256(file.Content), await Sha256Async(source.Content));
        Assert.Equal(1, source.Resumes);
        Assert.Equal("bytes=300000-", server.Requests[1].Header("Range"));
        Assert.Contains(_logger.Entries, entry => entry.Message.Contains("no data for 300 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Body_that_stalls_on_every_attempt_fails_after_max_attempts()
    {
        var file = new TestFile(Data(Megabyte, seed: 9));
        await using var server = new TestHttpServer((request, response) =>
            file.ServeAsync(request, response, stopAt: request.Index == 0 ? 300_000 : 0, Interruption.Stall));

        await using var source = await Reader(Fast(maxAttempts: 3)).OpenAsync(server.Url(), _guard.Token);
        var failure = await Assert.ThrowsAsync<SourceUnavailableException>(() => ReadAllAsync(source.Content));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal($"GET {server.Url()} failed at byte 300000 after 3 attempts: no data for 300 ms", failure.Message);
    }

    [Fact]
    public async Task Progress_between_interruptions_starts_the_attempt_count_again()
    {
        const int step = 200_000;
        var file = new TestFile(Data(Megabyte, seed: 10));
        await using var server = new TestHttpServer((request, response) =>
            file.ServeAsync(request, response, stopAt: (request.Index + 1) * step));

        await using var source = await Reader(Fast(maxAttempts: 2)).OpenAsync(server.Url(), _guard.Token);

        Assert.Equal(Sha256(file.Content), await Sha256Async(source.Content));
        Assert.Equal(Megabyte / step, source.Resumes);
    }

    public enum Change
    {
        RangeAnsweredWithNewVersion,
        RestartWithNewVersion,
        PartialOfNewVersion,
    }

    [Theory]
    [InlineData(Change.RangeAnsweredWithNewVersion)]
    [InlineData(Change.RestartWithNewVersion)]
    [InlineData(Change.PartialOfNewVersion)]
    public async Task Source_that_changed_before_the_resume_fails_as_changed(Change change)
    {
        var first = new TestFile(Data(Megabyte, seed: 11)) { AdvertiseRanges = change != Change.RestartWithNewVersion };
        var second = new TestFile(Data(Megabyte, seed: 12))
        {
            ETag = "\"v2\"",
            IgnoreIfRange = change == Change.PartialOfNewVersion,
        };
        await using var server = new TestHttpServer((request, response) => request.Index == 0
            ? first.ServeAsync(request, response, stopAt: 300_000)
            : second.ServeAsync(request, response));

        await using var source = await Reader().OpenAsync(server.Url(), _guard.Token);
        var failure = await Assert.ThrowsAsync<SourceUnavailableException>(() => ReadAllAsync(source.Content));

        Assert.Contains("the source changed while it was being read", failure.Message, StringComparison.Ordinal);
        Assert.Contains("\"v2\"", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Body_shorter_than_its_content_length_is_resumed_not_taken_as_the_end()
    {
        var file = new TestFile(Data(Megabyte, seed: 13));
        await using var server = new TestHttpServer((request, response) => request.Index == 0
            ? file.ServeAsync(request, response, stopAt: 123_456, Interruption.Close)
            : file.ServeAsync(request, response));

        await using var source = await Reader().OpenAsync(server.Url(), _guard.Token);

        Assert.Equal(Sha256(file.Content), await Sha256Async(source.Content));
        Assert.Equal(1, source.Resumes);
        Assert.Equal("bytes=123456-", server.Requests[1].Header("Range"));
    }

    [Fact]
    public async Task Body_that_ends_quietly_before_its_content_length_is_resumed()
    {
        var data = Data(Megabyte, seed: 18);
        const int cut = 250_000;
        using var handler = new ScriptedHandler((request, index) =>
        {
            var from = request.Headers.Range?.Ranges.Single().From ?? 0;
            var end = index == 0 ? cut : data.Length;
            var response = new HttpResponseMessage(from > 0 ? HttpStatusCode.PartialContent : HttpStatusCode.OK)
            {
                Content = new ByteArrayContent(data, (int)from, (int)(end - from)),
            };
            response.Headers.ETag = new EntityTagHeaderValue("\"v1\"");
            response.Headers.AcceptRanges.Add("bytes");
            response.Content.Headers.ContentLength = data.Length - from;
            if (from > 0)
            {
                response.Content.Headers.ContentRange = new ContentRangeHeaderValue(from, data.Length - 1, data.Length);
            }

            return response;
        });
        using var client = new HttpClient(handler);

        await using var source = await new HttpSourceReader(client, Fast(), _logger).OpenAsync(new Uri("http://scripted.test/dev.jsonl"), _guard.Token);

        Assert.Equal(Sha256(data), await Sha256Async(source.Content));
        Assert.Equal(1, source.Resumes);
        Assert.Equal(cut, handler.Requests[1].Headers.Range?.Ranges.Single().From);
        Assert.Contains(_logger.Entries, entry => entry.Message.Contains($"the body ended after {cut} of its {data.Length} bytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Body_decoded_by_the_handler_is_resumed_from_the_start_in_decoded_bytes()
    {
        var decoded = Data(Megabyte, seed: 19);
        var file = new TestFile(Gzip(decoded)) { ContentEncoding = "gzip" };
        await using var server = new TestHttpServer((request, response) => request.Index == 0
            ? file.ServeAsync(request, response, stopAt: file.Content.Length / 2)
            : file.ServeAsync(request, response));
        using var client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.GZip });

        await using var source = await new HttpSourceReader(client, Fast(), _logger).OpenAsync(server.Url(), _guard.Token);

        Assert.Null(source.ContentLength);
        Assert.Equal(Sha256(decoded), await Sha256Async(source.Content));
        Assert.Equal(1, source.Resumes);
        Assert.Null(server.Requests[1].Header("Range"));
    }

    [Fact]
    public async Task Interruption_without_any_validator_fails_rather_than_guessing()
    {
        var file = new TestFile(Data(Megabyte, seed: 14))
        {
            ETag = null,
            LastModified = null,
            SendContentLength = false,
            AdvertiseRanges = false,
            HonourRanges = false,
        };
        await using var server = new TestHttpServer((request, response) =>
            file.ServeAsync(request, response, stopAt: 300_000, Interruption.Stall));

        await using var source = await Reader().OpenAsync(server.Url(), _guard.Token);
        var failure = await Assert.ThrowsAsync<SourceUnavailableException>(() => ReadAllAsync(source.Content));

        Assert.Contains("failed at byte 300000", failure.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be resumed", failure.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Caller_cancellation_while_opening_propagates_without_retrying()
    {
        var requestSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new TestHttpServer((_, response) =>
        {
            requestSeen.SetResult();
            return response.StallAsync();
        });
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_guard.Token);

        var open = Reader().OpenAsync(server.Url(), cancellation.Token);
        await requestSeen.Task.WaitAsync(_guard.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => open);
        Assert.Single(server.Requests);
        Assert.Empty(_logger.Entries);
    }

    [Fact]
    public async Task Caller_cancellation_mid_body_propagates_without_resuming()
    {
        var file = new TestFile(Data(Megabyte, seed: 15));
        await using var server = new TestHttpServer((request, response) =>
            file.ServeAsync(request, response, stopAt: 10_000, Interruption.Stall));
        var options = Fast();
        options.ReadTimeout = TimeSpan.FromSeconds(30);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_guard.Token);

        await using var source = await Reader(options).OpenAsync(server.Url(), cancellation.Token);
        var buffer = new byte[20_000];
        var received = 0;
        while (received < 10_000)
        {
            received += await source.Content.ReadAsync(buffer.AsMemory(received), cancellation.Token);
        }

        var pending = source.Content.ReadAsync(buffer.AsMemory(received), cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.AsTask());
        Assert.Single(server.Requests);
        Assert.Equal(0, source.Resumes);
    }

    [Fact]
    public async Task Too_many_requests_with_retry_after_zero_is_retried_without_backoff()
    {
        var file = new TestFile(Data(10_000, seed: 16));
        await using var server = new TestHttpServer((request, response) => request.Index == 0
            ? response.CompleteAsync(429, "Too Many Requests", headers: ("Retry-After", "0"))
            : file.ServeAsync(request, response));
        var options = Fast();
        options.FirstRetryDelay = TimeSpan.FromSeconds(1);
        options.MaxRetryDelay = TimeSpan.FromSeconds(1);

        await using var source = await Reader(options).OpenAsync(server.Url(), _guard.Token);

        Assert.Equal(Sha256(file.Content), await Sha256Async(source.Content));
        Assert.Equal(2, server.Requests.Count);
        var retry = Assert.Single(_logger.Entries, entry => entry.Level == LogLevel.Warning);
        Assert.Equal(TimeSpan.Zero, retry.Values["Delay"]);
        Assert.Equal("429 Too Many Requests", retry.Values["Reason"]);
    }

    [Fact]
    public async Task Retry_after_longer_than_the_max_delay_is_capped()
    {
        var file = new TestFile(Data(10_000, seed: 17));
        await using var server = new TestHttpServer((request, response) => request.Index == 0
            ? response.CompleteAsync(429, "Too Many Requests", headers: ("Retry-After", "3600"))
            : file.ServeAsync(request, response));

        await using var source = await Reader().OpenAsync(server.Url(), _guard.Token);

        Assert.Equal(2, server.Requests.Count);
        var retry = Assert.Single(_logger.Entries, entry => entry.Level == LogLevel.Warning);
        Assert.Equal(Fast().MaxRetryDelay, retry.Values["Delay"]);
    }

    [Theory]
    [InlineData("ftp://example.org/dev.jsonl")]
    [InlineData("file:///data/dev.jsonl")]
    [InlineData("s3://scitldr-lake/landing/dev.jsonl")]
    public async Task Addresses_that_are_not_http_are_rejected(string address)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Reader().OpenAsync(new Uri(address), _guard.Token));
    }

    [Fact]
    public async Task Relative_addresses_are_rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Reader().OpenAsync(new Uri("dev.jsonl", UriKind.Relative), _guard.Token));
    }

    private static HttpSourceOptions Fast(int maxAttempts = 4) => new()
    {
        MaxAttempts = maxAttempts,
        FirstRetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        ReadTimeout = TimeSpan.FromMilliseconds(300),
    };

    private HttpSourceReader Reader(HttpSourceOptions? options = null) => new(_client, options ?? Fast(), _logger);

    private static byte[] Data(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return compressed.ToArray();
    }

    private async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, 16 * 1024, _guard.Token);
        return copy.ToArray();
    }

    private async Task<string> Sha256Async(Stream stream) => Sha256(await ReadAllAsync(stream));

    private static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    private static long ParseRangeStart(string? range)
    {
        Assert.NotNull(range);
        Assert.StartsWith("bytes=", range, StringComparison.Ordinal);
        Assert.EndsWith("-", range, StringComparison.Ordinal);
        return long.Parse(range["bytes=".Length..^1]);
    }
}
