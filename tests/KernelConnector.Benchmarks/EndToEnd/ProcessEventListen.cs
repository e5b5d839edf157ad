using System;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.ProcessEvents;

namespace KernelConnector.Benchmarks.EndToEnd;

/// <summary>
/// Listens to process events with a counting callback, to measure what the library costs during a
/// storm: alone ("none"), or keeping a process table with the command line only ("table", what
/// ProcMonitor reads by default) or every detail ("table-all").
/// </summary>
internal static class ProcessEventListen
{
    public static async Task<int> RunAsync(double seconds, string mode)
    {
        long forks = 0, execs = 0, exits = 0;
        var table = mode switch
        {
            "none" => null,
            "table" => new ProcessTable(new ProcessTableOptions { Details = ProcessDetails.Arguments }),
            "table-all" => new ProcessTable(new ProcessTableOptions { Details = ProcessDetails.All }),
            _ => throw new ArgumentException($"unknown mode '{mode}': none, table or table-all"),
        };
        void Count(in ProcEvent ev)
        {
            switch (ev.What)
            {
                case ProcEventKind.Fork: forks++; break;
                case ProcEventKind.Exec: execs++; break;
                case ProcEventKind.Exit: exits++; break;
            }
        }

        await using var source = await ProcessEventSource.StartAsync(table is null
            ? new ProcessEventSourceOptions { Events = ProcEventKind.Fork | ProcEventKind.Exec | ProcEventKind.Exit, Callback = (in ReceivedConnectorMessage<ProcEvent> m) => Count(m.Value) }
            : new ProcessEventSourceOptions { Processes = table, ProcessCallback = (in ProcEvent ev, ProcessRecord? process) => Count(ev) });
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
        var names = table?.Statistics;
        Console.Error.WriteLine($"fork {forks} exec {execs} exit {exits} lost {stats.SequenceGaps} overruns {stats.Overruns}"
            + (names is null ? "" : $" named {names.NamedFromCommandLine} comm {names.NamedFromComm} unknown {names.NamesUnknown}"));
        return 0;
    }
}
