using Microsoft.Extensions.Logging;

namespace Parley.TestKit;

/// <summary>Server log lines kept in memory, for assertions and for the failure output of a test.</summary>
public sealed class TestLogProvider : ILoggerProvider
{
    public static readonly System.Collections.Concurrent.ConcurrentQueue<string> Lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
            while (Lines.Count > 10_000)
                Lines.TryDequeue(out _);
        }
    }
}
