using SciTldr.Lake;
using System.Buffers;
using System.Net;
using Microsoft.Extensions.Logging;

namespace SciTldr.Ingestion.Sources;

/// <summary>
/// The body of an HTTP source, read as it arrives, that survives interruptions: when the connection drops,
/// the body ends before its Content-Length, or no bytes come for <see cref="HttpSourceOptions.ReadTimeout"/>,
/// it asks again and carries on from the byte where it stopped, so the reader never notices.
/// </summary>
/// <remarks>
/// <para>
/// Each read is one execution of the retry pipeline, so a failure streak gets the same attempts and backoff
/// as opening did, and a read that returns bytes ends the streak. Resuming asks for <c>Range: bytes=N-</c>
/// with <c>If-Range</c> when the server offered ranges; a 206 continues the body, a 200 (ranges ignored, or
/// the representation changed) is the whole body again, and its first N bytes are skipped provided its
/// validators equal the first response's. A source that changed fails rather than splicing two versions.
/// </para>
/// <para>
/// Nothing is buffered beyond what the caller asks for: a restart from the beginning reads the skipped
/// bytes off the wire into a small scratch buffer.
/// </para>
/// </remarks>
internal sealed class ResumingHttpStream : ReadOnlyStream
{
    private const int SkipBufferSize = 81_920;

    private readonly HttpSourceConnection _connection;
    private readonly RepresentationValidators _first;
    private HttpResponseMessage? _response;
    private Stream? _body;
    private CancellationTokenSource? _stallTimer;
    private long _position;
    private bool _ended;
    private bool _disposed;

    private ResumingHttpStream(HttpSourceConnection connection, HttpResponseMessage response, Stream body)
    {
        _connection = connection;
        _first = RepresentationValidators.Of(response);
        _response = response;
        _body = body;
    }

    /// <summary>How many times the body was picked up again after an interruption.</summary>
    public int Resumes { get; private set; }

    public override bool CanRead => !_disposed;

    public override long Length => throw new NotSupportedException("The source is streamed; its length is the Content-Length of the response, when sent.");

    /// <summary>Takes over <paramref name="response"/>, a successful answer to the first request.</summary>
    public static async Task<ResumingHttpStream> StartAsync(HttpSourceConnection connection, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return new ResumingHttpStream(connection, response, body);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    // Resuming waits (backoff, new requests), so synchronous callers block on the asynchronous path.
    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ended || buffer.IsEmpty)
        {
            return 0;
        }

        _connection.Attempts = 0;
        _connection.ResumePosition = _position;
        try
        {
            return await _connection.Retry.ExecuteAsync(
                static (state, token) => state.Stream.ReadAttemptAsync(state.Buffer, token),
                (Stream: this, Buffer: buffer),
                cancellationToken);
        }
        catch (Exception exception) when (HttpSourceConnection.IsTransient(exception, cancellationToken))
        {
            throw _connection.Exhausted(exception);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            CloseBody();
            _stallTimer?.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask<int> ReadAttemptAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        _connection.Attempts++;
        try
        {
            _body ??= await ReopenAsync(cancellationToken);
            var read = await ReadBodyAsync(_body, buffer, cancellationToken);
            if (read > 0)
            {
                _position += read;
                return read;
            }

            if (_first.ContentLength is { } length && _position < length)
            {
                throw new TransientSourceException($"the body ended after {_position} of its {length} bytes");
            }

            _ended = true;
            CloseBody();
            return 0;
        }
        catch (Exception exception) when (HttpSourceConnection.IsTransient(exception, cancellationToken) && _position > 0 && !_first.CanVerify)
        {
            CloseBody();
            throw new SourceUnavailableException(
                $"GET {_connection.DisplayAddress} failed at byte {_position} ({_connection.Describe(exception)}) and cannot be resumed: " +
                "the server sent no ETag, Last-Modified or Content-Length to check a new response against",
                exception);
        }
        catch
        {
            // Whatever went wrong, the connection is not trusted again: the next attempt starts a new request.
            CloseBody();
            throw;
        }
    }

    private async Task<Stream> ReopenAsync(CancellationToken cancellationToken)
    {
        var ranged = _position > 0 && _first.CanResumeWithRange;
        var response = await _connection.SendAsync(ranged ? (_position, _first.IfRange!) : null, cancellationToken);
        try
        {
            _response = response;
            if (ranged && response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                throw Changed($"the server has no byte {_position} any more");
            }

            if (response.StatusCode == HttpStatusCode.PartialContent && ranged)
            {
                return await ContinueAsync(response, cancellationToken);
            }

            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NonAuthoritativeInformation)
            {
                return await RestartAsync(response, ranged, cancellationToken);
            }

            throw _connection.StatusFailure(response);
        }
        catch
        {
            CloseBody();
            throw;
        }
    }

    private async Task<Stream> ContinueAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (_first.DifferenceFromPartial(response) is { } difference)
        {
            throw Changed(difference);
        }

        if (response.Content.Headers.ContentRange is not { HasRange: true } range || range.From != _position)
        {
            throw new SourceUnavailableException(
                $"GET {_connection.DisplayAddress} failed: asked for the bytes from {_position} on, the server sent " +
                $"{response.Content.Headers.ContentRange?.ToString() ?? "a 206 without Content-Range"}");
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        Resumes++;
        _connection.Logger.LogWarning(
            "GET {Address} resumed at byte {Position} with a range request (resume {Resumes})",
            _connection.DisplayAddress,
            _position,
            Resumes);
        return body;
    }

    private async Task<Stream> RestartAsync(HttpResponseMessage response, bool ranged, CancellationToken cancellationToken)
    {
        if (_first.DifferenceFromFull(response) is { } difference)
        {
            throw Changed(difference);
        }

        // Should the skip fail, disposing the response (ReopenAsync) releases this body with it.
        var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await SkipAsync(body, _position, cancellationToken);
        Resumes++;
        _connection.Logger.LogWarning(
            "GET {Address} resumed at byte {Position} by reading again from the start ({Why}; resume {Resumes})",
            _connection.DisplayAddress,
            _position,
            ranged ? "the server answered the range request with the whole body" : "the server offers no usable byte ranges",
            Resumes);
        return body;
    }

    private async Task SkipAsync(Stream body, long count, CancellationToken cancellationToken)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(SkipBufferSize);
        try
        {
            long skipped = 0;
            while (skipped < count)
            {
                var read = await ReadBodyAsync(body, scratch.AsMemory(0, (int)Math.Min(scratch.Length, count - skipped)), cancellationToken);
                if (read == 0)
                {
                    throw new TransientSourceException($"the body ended after {skipped} bytes while skipping the {count} already read");
                }

                skipped += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// One read that gives up after <see cref="HttpSourceOptions.ReadTimeout"/> without bytes, by cancelling it:
    /// a timer token linked to the caller's, so the caller's cancellation still reads as its own.
    /// </summary>
    private async ValueTask<int> ReadBodyAsync(Stream body, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var timer = RearmStallTimer();
        using var link = cancellationToken.UnsafeRegister(static timer => ((CancellationTokenSource)timer!).Cancel(), timer);
        try
        {
            return await body.ReadAsync(buffer, timer.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested)
        {
            throw new TransientSourceException($"no data for {HttpSourceConnection.Format(_connection.Options.ReadTimeout)}");
        }
    }

    private CancellationTokenSource RearmStallTimer()
    {
        if (_stallTimer is null || !_stallTimer.TryReset())
        {
            _stallTimer?.Dispose();
            _stallTimer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _connection.Time);
        }

        _stallTimer.CancelAfter(_connection.Options.ReadTimeout);
        return _stallTimer;
    }

    private SourceUnavailableException Changed(string difference) => new(
        $"GET {_connection.DisplayAddress} failed: the source changed while it was being read ({difference}; {_position} bytes had been read)");

    private void CloseBody()
    {
        _body?.Dispose();
        _body = null;
        _response?.Dispose();
        _response = null;
    }
}
