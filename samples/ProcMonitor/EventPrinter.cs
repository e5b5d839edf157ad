using System.Diagnostics;
using System.Threading;
using KernelConnector.ProcessEvents;

namespace ProcMonitor;

/// <summary>
/// What the monitor does with each event, on the receive loop: its line, a flush while events
/// flow, and the stop when the output's reader is gone. One class for the real printer and the
/// warm-up's twin, so that the code the warm-up compiles is the code the events run.
/// </summary>
internal sealed class EventPrinter(Monitor monitor, EventWriter writer, bool realTime, CancellationTokenSource? stop, long flushInterval)
{
    /// <summary>
    /// Output reaches a terminal or a pipe within a tenth of a second while events flow; flushing
    /// here spares the thread pool a wake-up per flush. (The warm-up's twin flushes at every event,
    /// so that the flush path is compiled before the first storm too.)
    /// </summary>
    public static readonly long FlushInterval = Stopwatch.Frequency / 10;

    private bool _realTimeEntered = !realTime;
    private long _lastFlush;

    public void OnEvent(in ProcEvent ev, ProcessRecord? process)
    {
        if (!_realTimeEntered)
        {
            _realTimeEntered = true;
            RealTime.EnterOnCurrentThread();
        }

        if (monitor.Describe(ev, process) is { } line)
        {
            writer.Write(ev, line);
        }

        var now = Stopwatch.GetTimestamp();
        if (now - _lastFlush >= flushInterval)
        {
            _lastFlush = now;
            writer.Flush();
        }

        if (writer.IsClosed && stop is { IsCancellationRequested: false })
        {
            // The reader of the output is gone: stop as a pipeline stage does. Not Cancel(), which
            // would run the stop on this thread, the receive loop that it waits for (CancelAsync
            // marks the source cancelled at once and runs the stop elsewhere).
            _ = stop.CancelAsync();
        }
    }
}
