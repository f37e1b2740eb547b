using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SciTldr.Ingestion.Tests.Http;

/// <summary>A request as the test server received it; <see cref="Index"/> counts from 0 in arrival order.</summary>
public sealed record TestRequest(int Index, string Method, string Target, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// An HTTP/1.1 server on 127.0.0.1 written by hand over <see cref="TcpListener"/>, one request per connection,
/// so a test decides every byte: it can stop mid-body, stall, reset the connection or lie about the length.
/// </summary>
public sealed class TestHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<TestRequest, TestResponse, Task> _handler;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentQueue<TestRequest> _requests = new();
    private readonly ConcurrentQueue<Exception> _faults = new();
    private readonly List<Task> _connections = [];
    private readonly Task _acceptLoop;
    private int _count;

    public TestHttpServer(Func<TestRequest, TestResponse, Task> handler)
    {
        _handler = handler;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public IReadOnlyList<TestRequest> Requests => [.. _requests.OrderBy(request => request.Index)];

    public Uri Url(string path = "/source.jsonl") => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}");

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections);
        _shutdown.Dispose();
        if (!_faults.IsEmpty)
        {
            throw new AggregateException("The test server's handler failed.", _faults);
        }
    }

    private async Task AcceptAsync()
    {
        while (!_shutdown.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_shutdown.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_connections)
            {
                _connections.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream);
                if (request is null)
                {
                    return;
                }

                _requests.Enqueue(request);
                await _handler(request, new TestResponse(client, stream, _shutdown.Token));
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away (it gave up on a stall, or was cancelled) or the server is shutting down.
            }
            catch (Exception exception)
            {
                _faults.Enqueue(exception);
            }
        }
    }

    private async Task<TestRequest?> ReadRequestAsync(NetworkStream stream)
    {
        using var reader = new StreamReader(stream, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var requestLine = await reader.ReadLineAsync(_shutdown.Token);
        if (string.IsNullOrEmpty(requestLine))
        {
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadLineAsync(_shutdown.Token) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var parts = requestLine.Split(' ');
        return new TestRequest(Interlocked.Increment(ref _count) - 1, parts[0], parts[1], headers);
    }
}

/// <summary>Writes one raw HTTP/1.1 response; the connection closes when the handler returns.</summary>
public sealed class TestResponse(TcpClient client, NetworkStream stream, CancellationToken shutdown)
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>The status line and headers; <c>Connection: close</c> is added.</summary>
    public async Task HeadAsync(int status, string reason, params (string Name, string Value)[] headers)
    {
        var head = new StringBuilder($"HTTP/1.1 {status} {reason}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append($"{name}: {value}\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), shutdown);
        await stream.FlushAsync(shutdown);
    }

    public async Task BodyAsync(ReadOnlyMemory<byte> bytes)
    {
        for (var offset = 0; offset < bytes.Length; offset += ChunkSize)
        {
            await stream.WriteAsync(bytes.Slice(offset, Math.Min(ChunkSize, bytes.Length - offset)), shutdown);
        }

        await stream.FlushAsync(shutdown);
    }

    /// <summary>A complete response with a Content-Length.</summary>
    public async Task CompleteAsync(int status, string reason, string body = "", params (string Name, string Value)[] headers)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        await HeadAsync(status, reason, [.. headers, ("Content-Length", bytes.Length.ToString())]);
        await BodyAsync(bytes);
    }

    /// <summary>Sends nothing more until the server shuts down (the client is expected to give up first).</summary>
    public Task StallAsync() => Task.Delay(Timeout.Infinite, shutdown);

    /// <summary>Drops the connection abruptly (TCP reset) rather than closing it in order.</summary>
    public void Reset()
    {
        client.LingerState = new LingerOption(enable: true, seconds: 0);
        client.Close();
    }
}
