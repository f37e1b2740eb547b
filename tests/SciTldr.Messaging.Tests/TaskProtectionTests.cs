using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SciTldr.Messaging.Hosting;

namespace SciTldr.Messaging.Tests;

/// <summary>Scale-in protection through an HTTP server on 127.0.0.1 playing the ECS agent.</summary>
public sealed class TaskProtectionTests : IAsyncLifetime
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Method, string Path, JsonElement Body)> _requests = new();
    private Task _loop = Task.CompletedTask;
    private string _agent = "";

    public Task InitializeAsync()
    {
        var port = SciTldr.Testing.LoopbackPort.Free();
        _agent = $"http://127.0.0.1:{port}/api/agent";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(async () =>
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
                    _requests.Enqueue((context.Request.HttpMethod, context.Request.Url!.AbsolutePath, JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone()));
                }

                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        // Close alone: Stop() first unregisters the port, and Close() then binds it again to unregister it once more,
        // which fails ("Address already in use") when another process has taken the port meanwhile.
        _listener.Close();
        await _loop;
    }

    [Fact]
    public async Task Protection_is_set_while_work_is_in_flight_and_cleared_once_idle()
    {
        await using var protection = new TaskProtection(_agent, NullLogger<TaskProtection>.Instance, idleGrace: TimeSpan.FromMilliseconds(200));

        await protection.AcquireAsync(CancellationToken.None);
        await protection.AcquireAsync(CancellationToken.None);
        var enable = Assert.Single(_requests);
        Assert.Equal(("PUT", "/api/agent/task-protection/v1/state"), (enable.Method, enable.Path));
        Assert.True(enable.Body.GetProperty("ProtectionEnabled").GetBoolean());
        Assert.Equal(30, enable.Body.GetProperty("ExpiresInMinutes").GetInt32());

        protection.Release();                       // one message still in flight: stays protected
        await Task.Delay(400);
        Assert.Single(_requests);

        protection.Release();                       // idle: released after the grace period
        await WaitForAsync(() => _requests.Count == 2);
        Assert.False(_requests.Last().Body.GetProperty("ProtectionEnabled").GetBoolean());
    }

    [Fact]
    public async Task Work_arriving_within_the_grace_period_keeps_the_protection()
    {
        await using var protection = new TaskProtection(_agent, NullLogger<TaskProtection>.Instance, idleGrace: TimeSpan.FromMilliseconds(300));

        await protection.AcquireAsync(CancellationToken.None);
        protection.Release();
        await protection.AcquireAsync(CancellationToken.None);   // within the grace period
        await Task.Delay(600);

        Assert.All(_requests, r => Assert.True(r.Body.GetProperty("ProtectionEnabled").GetBoolean()));
        protection.Release();
        await WaitForAsync(() => _requests.Any(r => !r.Body.GetProperty("ProtectionEnabled").GetBoolean()));
    }

    [Fact]
    public async Task Without_an_agent_protection_is_off_and_an_unreachable_agent_is_not_an_error()
    {
        await using var off = new TaskProtection(null, NullLogger<TaskProtection>.Instance);
        Assert.False(off.Enabled);
        await off.AcquireAsync(CancellationToken.None);
        off.Release();

        await using var unreachable = new TaskProtection("http://127.0.0.1:9/agent", NullLogger<TaskProtection>.Instance, idleGrace: TimeSpan.FromMilliseconds(10));
        Assert.True(unreachable.Enabled);
        await unreachable.AcquireAsync(CancellationToken.None);
        unreachable.Release();
        Assert.Empty(_requests);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
