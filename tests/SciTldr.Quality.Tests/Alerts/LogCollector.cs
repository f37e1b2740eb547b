using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SciTldr.Quality.Tests.Alerts;

internal sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, string? Exception)
{
    /// <summary>Everything a log sink could print for this entry.</summary>
    public string FullText => $"{Category} {EventId} {Message} {Exception}";
}

/// <summary>Keeps every log entry of a test; tests await entries rather than sleep.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private TaskCompletionSource _logged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IReadOnlyList<LogEntry> Named(string eventName) => [.. _entries.Where(e => e.EventId.Name == eventName)];

    /// <summary>Waits until <paramref name="count"/> entries with the event name exist; returns them.</summary>
    public async Task<IReadOnlyList<LogEntry>> WaitForAsync(string eventName, int count = 1)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var logged = Volatile.Read(ref _logged).Task;
            var found = Named(eventName);
            if (found.Count >= count)
            {
                return found;
            }

            try
            {
                await logged.WaitAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no {count} '{eventName}' log entries; got: {string.Join(" | ", Entries.Select(e => e.Message))}");
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        _entries.Enqueue(entry);
        Interlocked.Exchange(ref _logged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private sealed class Logger(LogCollector collector, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            collector.Add(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception?.ToString()));
    }
}
