using System.Net.Http.Json;
using Microsoft.Extensions.Logging;

namespace SciTldr.Messaging.Hosting;

/// <summary>
/// ECS task scale-in protection while work is in flight, through the ECS agent's endpoint
/// (<c>$ECS_AGENT_URI/task-protection/v1/state</c>; the AWSSDK.ECS client is not available here):
/// protected when the first message is taken, refreshed while work goes on, released once the task has
/// been idle for a moment, so autoscaling never stops a task in the middle of a partition. Off when
/// <c>ECS_AGENT_URI</c> is not set (locally, in compose). Agent failures are logged, never thrown: losing
/// protection only means a scale-in may interrupt work, which redelivery then repeats.
/// </summary>
public sealed class TaskProtection : IAsyncDisposable
{
    // The agent's API spells its fields in PascalCase (ProtectionEnabled, ExpiresInMinutes).
    private static readonly System.Text.Json.JsonSerializerOptions AgentJson = new() { PropertyNamingPolicy = null };

    private readonly HttpClient? _http;
    private readonly Uri? _endpoint;
    private readonly TimeSpan _expiry;
    private readonly TimeSpan _idleGrace;
    private readonly ILogger<TaskProtection> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _inFlight;
    private bool _protected;
    private DateTimeOffset _protectedUntil;
    private CancellationTokenSource? _pendingRelease;

    public TaskProtection(string? agentUri, ILogger<TaskProtection> logger, TimeSpan? expiry = null, TimeSpan? idleGrace = null, HttpMessageHandler? handler = null)
    {
        _logger = logger;
        _expiry = expiry ?? TimeSpan.FromMinutes(30);
        _idleGrace = idleGrace ?? TimeSpan.FromSeconds(10);
        if (!string.IsNullOrWhiteSpace(agentUri) && Uri.TryCreate(agentUri.TrimEnd('/') + "/task-protection/v1/state", UriKind.Absolute, out var endpoint))
        {
            _endpoint = endpoint;
            _http = handler is null ? new HttpClient { Timeout = TimeSpan.FromSeconds(5) } : new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        }
    }

    public bool Enabled => _endpoint is not null;

    /// <summary>A message is being handled: make sure the task is protected (and stays so while work goes on).</summary>
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        Interlocked.Increment(ref _inFlight);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _pendingRelease?.Cancel();
            _pendingRelease = null;
            // Refresh halfway to expiry, so a long partition never outlives its protection.
            if (!_protected || DateTimeOffset.UtcNow > _protectedUntil - (_expiry / 2))
            {
                _protected = await PutAsync(true, cancellationToken) || _protected;
                _protectedUntil = DateTimeOffset.UtcNow + _expiry;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A message is done: once nothing is in flight for the grace period, protection is released.</summary>
    public void Release()
    {
        if (!Enabled || Interlocked.Decrement(ref _inFlight) > 0)
        {
            return;
        }

        var pending = new CancellationTokenSource();
        var previous = Interlocked.Exchange(ref _pendingRelease, pending);
        previous?.Cancel();
        _ = ReleaseWhenIdleAsync(pending.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (Enabled && _protected)
        {
            await PutAsync(false, CancellationToken.None);
        }

        _http?.Dispose();
        _gate.Dispose();
    }

    private async Task ReleaseWhenIdleAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(_idleGrace, cancellationToken);
            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (Volatile.Read(ref _inFlight) == 0 && _protected && !cancellationToken.IsCancellationRequested)
                {
                    _protected = !await PutAsync(false, CancellationToken.None);
                }
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (OperationCanceledException)
        {
            // New work arrived within the grace period: stay protected.
        }
    }

    private async Task<bool> PutAsync(bool enabled, CancellationToken cancellationToken)
    {
        try
        {
            object body = enabled
                ? new { ProtectionEnabled = true, ExpiresInMinutes = (int)Math.Ceiling(_expiry.TotalMinutes) }
                : new { ProtectionEnabled = false };
            using var response = await _http!.PutAsJsonAsync(_endpoint, body, AgentJson, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                _logger.LogWarning("ECS agent refused task protection {Enabled}: {Status}", enabled, (int)response.StatusCode);
                return false;
            }

            _logger.LogInformation("Task scale-in protection {State}", enabled ? "on" : "off");
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            _logger.LogWarning("ECS agent unreachable for task protection {Enabled}: {Error}", enabled, ex.Message);
            return false;
        }
    }
}
