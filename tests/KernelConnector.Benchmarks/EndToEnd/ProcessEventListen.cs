using System;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.ProcessEvents;

namespace KernelConnector.Benchmarks.EndToEnd;

/// <summary>Listens to process events with a counting callback, to measure what the library alone costs during a storm.</summary>
internal static class ProcessEventListen
{
    public static async Task<int> RunAsync(double seconds)
    {
        long forks = 0, execs = 0, exits = 0;
        await using var source = await ProcessEventSource.StartAsync(new ProcessEventSourceOptions
        {
            Events = ProcEventKind.Fork | ProcEventKind.Exec | ProcEventKind.Exit,
            Callback = (in ConnectorMessage<ProcEvent> m) =>
            {
                switch (m.Value.What)
                {
                    case ProcEventKind.Fork: forks++; break;
                    case ProcEventKind.Exec: execs++; break;
                    case ProcEventKind.Exit: exits++; break;
                }
            },
        });
        Console.Error.WriteLine("listening");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        var stats = source.Endpoint.Statistics;
        Console.Error.WriteLine($"fork {forks} exec {execs} exit {exits} lost {stats.SequenceGaps} overruns {stats.Overruns}");
        return 0;
    }
}
