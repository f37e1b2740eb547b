using System.Net;

namespace SciTldr.SystemTests;

/// <summary>
/// A file server on 127.0.0.1 for http(s) sources, with switches for the failures a real server has:
/// answering a status code instead, and dropping the connection half-way through the first response.
/// Honours <c>Range: bytes=N-</c> so a dropped download can be resumed.
/// </summary>
public sealed class LoopbackFileServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, Func<byte[]>> _files = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public LoopbackFileServer()
    {
        var port = Testing.LoopbackPort.Free();
        BaseUrl = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>A status code answered to every request for this path instead of the file (e.g. 404, 503).</summary>
    public Dictionary<string, int> Failures { get; } = new(StringComparer.Ordinal);

    /// <summary>Paths whose first response stops after half of the body by closing the connection.</summary>
    public HashSet<string> DropOnce { get; } = new(StringComparer.Ordinal);

    public List<string> RangeRequests { get; } = [];

    /// <summary>The entity tag sent with every file; null sends none (the client must then compare content).</summary>
    public string? ETag { get; set; } = "\"v1\"";

    public void Serve(string path, byte[] content) => _files[path] = () => content;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        // Close alone: Stop() first unregisters the port, and Close() then binds it again to unregister it once more,
        // which fails ("Address already in use") when another process has taken the port meanwhile.
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => RespondAsync(context));
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref _requests);
        var path = context.Request.Url!.AbsolutePath;
        var response = context.Response;
        try
        {
            if (Failures.TryGetValue(path, out var status))
            {
                response.StatusCode = status;
                response.Close();
                return;
            }

            if (!_files.TryGetValue(path, out var file))
            {
                response.StatusCode = 404;
                response.Close();
                return;
            }

            var content = file();
            var start = 0;
            if (context.Request.Headers["Range"] is { } range && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
            {
                lock (RangeRequests)
                {
                    RangeRequests.Add(range);
                }

                start = int.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
                response.StatusCode = 206;
                response.AddHeader("Content-Range", $"bytes {start}-{content.Length - 1}/{content.Length}");
            }

            response.AddHeader("Accept-Ranges", "bytes");
            if (ETag is not null)
            {
                response.AddHeader("ETag", ETag);
            }

            response.ContentLength64 = content.Length - start;
            bool drop;
            lock (DropOnce)
            {
                drop = DropOnce.Remove(path);
            }

            if (drop)
            {
                var half = (content.Length - start) / 2;
                await response.OutputStream.WriteAsync(content.AsMemory(start, half));
                await response.OutputStream.FlushAsync();
                response.Abort();
                return;
            }

            await response.OutputStream.WriteAsync(content.AsMemory(start));
            response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away; nothing to answer.
        }
    }
}
