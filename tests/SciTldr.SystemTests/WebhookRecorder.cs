using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace SciTldr.SystemTests;

/// <summary>An alert webhook on 127.0.0.1 that answers 200 and keeps every body it was sent.</summary>
public sealed class WebhookRecorder : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<string> _bodies = new();
    private readonly Task _loop;

    public WebhookRecorder()
    {
        Url = $"http://127.0.0.1:{Testing.LoopbackPort.Free()}/hooks/alerts/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public IReadOnlyCollection<string> Bodies => _bodies;

    public async ValueTask DisposeAsync()
    {
        // Close alone: Stop() first unregisters the port, and Close() then binds it again to unregister it once more,
        // which fails ("Address already in use") when another process has taken the port meanwhile.
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
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

            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                _bodies.Enqueue(await reader.ReadToEndAsync());
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
