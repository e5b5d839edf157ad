using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace KernelConnector.Hosting;

/// <summary>
/// What a hosted receive loop does when it dies: it is logged, and (when asked) the host stops
/// with a failure exit code, since a service whose loop is gone would otherwise keep running
/// deaf and its service manager would never restart it.
/// </summary>
internal static class LoopFailureStop
{
    /// <summary>
    /// Runs <paramref name="log"/> and, if <paramref name="stopHost"/>, stops the host once <paramref name="loop"/> faults; a loop that ends otherwise changes nothing.
    /// Synchronously, on the thread that ends the loop: the failure is told before anything that
    /// awaits the loop (a stop, a dispose) goes on.
    /// </summary>
    public static void Watch(Task loop, bool stopHost, IHostApplicationLifetime lifetime, Action<Exception> log)
    {
        _ = loop.ContinueWith(
            failed =>
            {
                log(failed.Exception!.InnerException!);
                if (stopHost)
                {
                    // Environment.ExitCode, not Environment.Exit: the host still stops in order
                    // (other services flush, the statistics are logged). A code already set by
                    // someone else's failure is kept.
                    if (Environment.ExitCode == 0)
                    {
                        Environment.ExitCode = ProcessEventsOptions.FailureExitCode;
                    }

                    lifetime.StopApplication();
                }
            },
            System.Threading.CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
