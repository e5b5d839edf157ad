using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.Protocol;
using KernelConnector.Wire;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// Runs the process-event path (the walk, the session, the handler, a table and a callback) on
/// events made up for this process, on a handler, table and session of its own: nothing reaches
/// the source's table, callbacks or counters. Once before the subscription, so that the first
/// events do not wait for tier-0 code; then, on the JIT, in rounds on a background thread until
/// the JIT has nothing left to compile for it.
/// </summary>
/// <remarks>
/// Why rounds: the runtime compiles a method first without optimisation, counts its calls once
/// no new method has been compiled for a while (100 ms by default), and compiles it again after
/// 30 calls: with profile-guided tiering once instrumented, then optimised. A monitor's first
/// burst of events was the first time its exec and exit paths ran, so it ran them slowly while
/// the runtime compiled them up to three times: on a 20,000-process storm that was about a third
/// of the JIT build's CPU, and execs it did not read in time (docs/benchmarks.md). Here the same
/// compilations happen after the start instead, with no event waiting for them.
/// </remarks>
internal sealed class ProcessEventWarmUp
{
    // Every method of the path is called once per lifecycle: a round carries each past the
    // runtime's call-count threshold (30), whatever tier it is at.
    private const int LifecyclesPerRound = 40;

    // Longer than the runtime's call-counting delay (100 ms), so that the calls of the next round
    // are counted, and long enough for the background compilations a round queued to finish.
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(250);

    // Three promotions take at least three counted rounds, and a round can pass uncounted (the
    // runtime waits for a pause in tier-0 compilation before it counts calls): the warm-up ends
    // after two rounds in a row that compiled nothing, and not before four. It took 9 to 11
    // rounds on a quiet 2-core machine; the bound keeps a process that never stops compiling
    // from warming up forever.
    private const int MinRounds = 4;
    private const int QuietRounds = 2;
    private const int MaxRounds = 16;

    // One process event as the kernel sends it: nlmsghdr, cn_msg, proc_event.
    private static readonly int DatagramLength = ConnectorDatagram.GetDatagramLength(ProcEvent.Size);

    private readonly ProcessEventHandler _twin;
    private readonly ReceiveSession _session;
    private readonly int _self = Environment.ProcessId;
    private readonly int _thread;

    /// <summary>A twin of a source's path: a table with the same options when it has one, the given callback.</summary>
    public ProcessEventWarmUp(ProcessTableOptions? tableOptions, ProcEventKind kinds, ProcessEventCallback? callback)
    {
        var table = tableOptions is null ? null : new ProcessTable(tableOptions);
        _twin = new ProcessEventHandler(callback: null, channel: null, table, processCallback: table is null ? null : callback) { Kinds = kinds };

        // The callback's exception ends the warm-up (RunAsync's task) instead of being counted nowhere.
        _session = new ReceiveSession(this, new EndpointCounters(0), new PendingRequests(), new ConnectorEndpointOptions { CallbackErrors = CallbackErrorPolicy.Stop });
        // Thread events need a thread of this process other than its first; without one (no /proc),
        // process events without thread events still warm most of the path.
        _thread = ProcFs.OtherThread("/proc", _self);
    }

    /// <summary>One process's lifecycle, now, on the caller's thread.</summary>
    public void Prime() => Lifecycle();

    /// <summary>
    /// Rounds of lifecycles on a background thread of its own, until two rounds in a row (each
    /// with the pause after it) compiled nothing, after at least <see cref="MinRounds"/> (or
    /// <see cref="MaxRounds"/>, or <paramref name="stop"/>). The task ends
    /// with the warm-up; it faults with a <see cref="ConnectorCallbackException"/> when the callback threw.
    /// </summary>
    public Task RunAsync(CancellationToken stop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Rounds(stop);
                done.TrySetResult();
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        })
        { IsBackground = true, Name = "kc warm-up" };
        thread.Start();
        return done.Task;
    }

    /// <summary>Whether there is a JIT to warm up: not under NativeAOT, where every method is compiled ahead.</summary>
    public static bool IsUseful => RuntimeFeature.IsDynamicCodeCompiled;

    private void Rounds(CancellationToken stop)
    {
        var compiled = JitInfo.GetCompiledMethodCount();
        var quiet = 0;
        for (var round = 0; round < MaxRounds && !stop.IsCancellationRequested; round++)
        {
            for (var i = 0; i < LifecyclesPerRound && !stop.IsCancellationRequested; i++)
            {
                Lifecycle();
            }

            if (stop.WaitHandle.WaitOne(Pause))
            {
                return;
            }

            var now = JitInfo.GetCompiledMethodCount();
            quiet = now == compiled ? quiet + 1 : 0;
            compiled = now;
            if (Finished(round + 1, quiet))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Whether rounds can stop: enough of them, the last ones quiet. At least, not exactly: a quiet
    /// streak that began before <see cref="MinRounds"/> is still quiet after it.
    /// </summary>
    internal static bool Finished(int roundsRun, int quietInARow) => roundsRun >= MinRounds && quietInARow >= QuietRounds;

    /// <summary>
    /// What a storm of processes is made of, handed on the way the receive loop hands each event
    /// on: a fork, a thread, an exec (previewed from the batch and rung, then walked), a rename,
    /// the thread's exit and the process's. The rare kinds (id and session changes, ptrace, core
    /// dumps) are left to be compiled when they come: at tier 0 they cost little, and compiling
    /// them up front would cost every start.
    /// </summary>
    private void Lifecycle()
    {
        var self = _self;
        Span<byte> datagram = stackalloc byte[DatagramLength];
        Deliver(datagram, new ProcEvent { What = ProcEventKind.Fork, Fork = new() { ParentPid = self, ParentTgid = self, ChildPid = self, ChildTgid = self } });
        if (_thread != 0)
        {
            Deliver(datagram, new ProcEvent { What = ProcEventKind.Fork, Fork = new() { ParentPid = self, ParentTgid = self, ChildPid = _thread, ChildTgid = self } });
        }

        Deliver(datagram, new ProcEvent { What = ProcEventKind.Exec, Exec = new() { ProcessPid = self, ProcessTgid = self } }, rung: true);

        var comm = new ProcEvent { What = ProcEventKind.Comm, Comm = new() { ProcessPid = self, ProcessTgid = self } };
        "kc-warm-up"u8.CopyTo(comm.Comm.Comm);
        Deliver(datagram, comm);
        if (_thread != 0)
        {
            Deliver(datagram, new ProcEvent { What = ProcEventKind.Exit, Exit = new() { ProcessPid = _thread, ProcessTgid = self, ParentPid = self, ParentTgid = self } });
        }

        Deliver(datagram, new ProcEvent { What = ProcEventKind.Exit, Exit = new() { ProcessPid = self, ProcessTgid = self, ParentPid = self, ParentTgid = self, ExitSignal = 17 } });
    }

    /// <summary>
    /// Framed as the kernel sends it, previewed from its batch as the socket's loop does (after the
    /// doorbell's ring too, for an exec), then walked.
    /// </summary>
    private void Deliver(Span<byte> datagram, ProcEvent ev, bool rung = false)
    {
        ev.TimestampNs = BootClock.MonotonicNow();
        ConnectorDatagram.Write(datagram, in ev, trailing: default, seq: 0, ack: 0);
        if (rung)
        {
            _twin.Preview(datagram, senderPortId: 0, rung: true);
        }

        _twin.Preview(datagram, senderPortId: 0, rung: false);
        _session.Receive(datagram, senderPortId: 0, _twin);
    }
}
