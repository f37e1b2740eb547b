using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace SciTldr.Lake.Tests;

public sealed class LakeResilienceTests
{
    public static TheoryData<Exception> Transient => new()
    {
        new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)),
        new SocketException((int)SocketError.ConnectionReset),
        new IOException("The response ended prematurely."),
        new AmazonS3Exception("boom") { StatusCode = HttpStatusCode.InternalServerError, ErrorCode = "InternalError" },
        new AmazonS3Exception("busy") { StatusCode = HttpStatusCode.ServiceUnavailable, ErrorCode = "ServiceUnavailable" },
        new AmazonS3Exception("slow down") { StatusCode = HttpStatusCode.ServiceUnavailable, ErrorCode = "SlowDown" },
        new AmazonS3Exception("throttled") { StatusCode = HttpStatusCode.BadRequest, ErrorCode = "Throttling" },
        new AmazonS3Exception("too many") { StatusCode = HttpStatusCode.TooManyRequests },
        new AmazonClientException("Unable to connect", new HttpRequestException("Connection refused")),
        new TaskCanceledException("HttpClient timeout", new TimeoutException()),
    };

    public static TheoryData<Exception> Permanent => new()
    {
        new AmazonS3Exception("missing") { StatusCode = HttpStatusCode.NotFound, ErrorCode = "NoSuchKey" },
        new AmazonS3Exception("denied") { StatusCode = HttpStatusCode.Forbidden, ErrorCode = "AccessDenied" },
        new AmazonS3Exception("bad") { StatusCode = HttpStatusCode.BadRequest, ErrorCode = "InvalidArgument" },
        new AmazonS3Exception("no bucket") { StatusCode = HttpStatusCode.NotFound, ErrorCode = "NoSuchBucket" },
        new FileNotFoundException("missing.jsonl"),
        new InvalidLakeKeyException("../x", "relative path segment '..'"),
        new OperationCanceledException(),
        new InvalidOperationException(),
    };

    [Theory]
    [MemberData(nameof(Transient))]
    public void Transient_faults_are_retried(Exception exception)
    {
        Assert.True(LakeResilience.IsTransient(exception));
    }

    [Theory]
    [MemberData(nameof(Permanent))]
    public void Client_errors_and_local_faults_are_not_retried(Exception exception)
    {
        Assert.False(LakeResilience.IsTransient(exception));
    }

    [Fact]
    public async Task The_pipeline_gives_up_after_the_configured_attempts()
    {
        var pipeline = LakeResilience.CreatePipeline(new LakeOptions { MaxRetryAttempts = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });
        var attempts = 0;

        await Assert.ThrowsAsync<HttpRequestException>(async () => await pipeline.ExecuteAsync(_ =>
        {
            attempts++;
            throw new HttpRequestException("Connection refused");
        }));

        Assert.Equal(4, attempts);
    }

    [Fact]
    public async Task The_pipeline_does_not_repeat_a_client_error()
    {
        var pipeline = LakeResilience.CreatePipeline(new LakeOptions { MaxRetryAttempts = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });
        var attempts = 0;

        await Assert.ThrowsAsync<AmazonS3Exception>(async () => await pipeline.ExecuteAsync(_ =>
        {
            attempts++;
            throw new AmazonS3Exception("missing") { StatusCode = HttpStatusCode.NotFound, ErrorCode = "NoSuchKey" };
        }));

        Assert.Equal(1, attempts);
    }
}
