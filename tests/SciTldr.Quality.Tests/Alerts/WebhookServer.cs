using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SciTldr.Quality.Tests.Alerts;

/// <summary>
/// A webhook on 127.0.0.1 (ephemeral port) that records every request and answers from a script
/// (200 once the script is used up). One request per connection: every answer says "Connection: close".
/// </summary>
internal sealed class WebhookServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<Reply> _script = new();
    private readonly List<ReceivedRequest> _requests = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WebhookServer(params Reply[] script)
    {
        foreach (var reply in script)
        {
            _script.Enqueue(reply);
        }

        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public Uri Url(string pathAndQuery) => new($"http://127.0.0.1:{Port}{pathAndQuery}");

    /// <summary>A URL on 127.0.0.1 where nothing listens: connecting to it is refused at once.</summary>
    public static Uri DeadUrl(string pathAndQuery)
    {
        return new Uri($"http://127.0.0.1:{SciTldr.Testing.LoopbackPort.Free()}{pathAndQuery}");
    }

    /// <summary>Waits until the server has received <paramref name="count"/> requests; returns them.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForRequestsAsync(int count)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            Task received;
            lock (_requests)
            {
                if (_requests.Count >= count)
                {
                    return [.. _requests];
                }

                received = _received.Task;
            }

            await received.WaitAsync(guard.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            try
            {
                await ServeAsync(client);
            }
            catch (IOException)
            {
                // The client gave up on this connection (a timed-out attempt); the next one is served as usual.
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        await using var stream = client.GetStream();
        var request = await ReadRequestAsync(stream, _stop.Token);
        var reply = _script.TryDequeue(out var scripted) ? scripted : new Reply(200);
        lock (_requests)
        {
            _requests.Add(request);
            var received = _received;
            _received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            received.TrySetResult();
        }

        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {reply.Status} {(HttpStatusCode)reply.Status}\r\n")
            .Append("Content-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n");
        foreach (var (name, value) in reply.Headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append("\r\nok");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), _stop.Token);
    }

    private static async Task<ReceivedRequest> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(buffer)) < 0)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                throw new IOException("the client closed the connection before the headers ended");
            }

            buffer.Write(chunk, 0, read);
        }

        var all = buffer.ToArray();
        var lines = Encoding.ASCII.GetString(all, 0, headerEnd).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var length = headers.TryGetValue("Content-Length", out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : 0;
        var body = new MemoryStream();
        body.Write(all, headerEnd + 4, all.Length - headerEnd - 4);
        while (body.Length < length)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                break;
            }

            body.Write(chunk, 0, read);
        }

        return new ReceivedRequest(requestLine[0], requestLine[1], headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    private static int IndexOfHeaderEnd(MemoryStream buffer) =>
        buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOf("\r\n\r\n"u8);
}

/// <summary>One scripted answer: a status code and extra headers.</summary>
internal sealed record Reply(int Status, params (string Name, string Value)[] Headers);

internal sealed record ReceivedRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, string Body);
