using System;

namespace KernelConnector.ProcessEvents;

/// <summary>How a <c>ProcessEventSource</c> listens.</summary>
/// <remarks>
/// <c>ProcessEventSource.StartAsync</c> refuses a value that cannot work with an
/// <see cref="ArgumentException"/> (<see cref="ArgumentOutOfRangeException"/> for a number or time
/// out of range) whose parameter name is <c>options.</c> and the option's name, before it opens,
/// attaches or subscribes anything; each option says what it takes.
/// </remarks>
public sealed record ProcessEventSourceOptions
{
    /// <summary>
    /// The kinds of event to deliver: at least one of the kinds <see cref="ProcEventKind"/> names
    /// (<see cref="ProcEventKind.NonzeroExit"/> alone counts: failed exits). The kernel filters them
    /// itself where it can (Linux 6.6+).
    /// </summary>
    public ProcEventKind Events { get; init; } = ProcEventKind.All;

    /// <summary>
    /// Called, on the receive loop, with every event in place in the receive buffer (no copy).
    /// When <see langword="null"/>, events are copied for <c>ProcessEventSource.ReadAllAsync</c>.
    /// </summary>
    public ConnectorCallback<ProcEvent>? Callback { get; init; }

    /// <summary>
    /// The socket's receive buffer. Process events come in bursts (a fork storm is thousands a
    /// second); a small buffer overruns and events are lost. 8 MiB holds about 100,000 events.
    /// At least 1 byte (the kernel rounds a small size up to its minimum); unlike
    /// <see cref="ConnectorEndpointOptions.ReceiveBufferSize"/>, 0 does not mean the system's default,
    /// which is far too small for a burst.
    /// </summary>
    public int ReceiveBufferSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>
    /// How long to wait for the kernel's acknowledgement of a listen request. No acknowledgement
    /// means no process events: a kernel without them, or a socket outside the initial namespaces.
    /// From 1 ms to 49.7 days, or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> to wait as
    /// long as the cancellation token given to <c>StartAsync</c> allows (for a caller that bounds
    /// the whole start itself).
    /// </summary>
    /// <remarks>
    /// Five seconds by default, not one: the socket is in the multicast group before it asks to
    /// listen, so while another listener is active the acknowledgement queues behind every event
    /// the kernel already sent, and a receiver that starts during a process storm (still compiling
    /// its loop, on a loaded machine) took more than a second to reach it in a test run.
    /// </remarks>
    public TimeSpan AcknowledgementTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A process table to keep current: the source seeds it from <c>/proc</c> when it starts,
    /// applies every event to it before the callback sees the event (so the callback can look the
    /// process up), and resynchronises it with <c>/proc</c> after a loss (at most every
    /// <see cref="ResyncInterval"/>). Its <see cref="ProcessTableOptions.ProcRoot"/> must exist.
    /// </summary>
    public ProcessTable? Processes { get; init; }

    /// <summary>
    /// Called, on the receive loop, with every event and its process from <see cref="Processes"/>
    /// (which it needs). Can be combined with <see cref="Callback"/>.
    /// </summary>
    public ProcessEventCallback? ProcessCallback { get; init; }

    /// <summary>
    /// The shortest time between two resynchronisations of <see cref="Processes"/>: an overrun storm
    /// must not turn into a /proc-scan storm. Zero or more; zero rescans after every loss. The first
    /// loss is rescanned at once whatever the interval; a loss within the interval after a rescan
    /// is rescanned with the first event after the interval has passed. An interval longer than the
    /// source can run (<see cref="TimeSpan.MaxValue"/>, or anything over about 292 years) rescans
    /// after the first loss only.
    /// </summary>
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Asks the kernel to wake the receive loop promptly on a busy machine (a short time slice,
    /// Linux 6.12+; no privilege and no larger CPU share), so that the process table reads a
    /// short-lived process's command line before it is gone. Applies to the socket the source
    /// opens itself, whose receive loop has its own thread.
    /// </summary>
    public bool PromptWakeUp { get; init; } = true;

    /// <summary>
    /// How many nice levels to raise the receive loop's thread above the process's own (0, the
    /// default: none; at most 39), as auditd's <c>priority_boost</c>: on a machine whose cores are
    /// busy, the thread then gets the CPU sooner when an event arrives, and reads short-lived
    /// processes before they are gone. Only that thread, and only while it competes: it takes no
    /// CPU when no event comes. Needs <c>CAP_SYS_NICE</c> (or an <c>RLIMIT_NICE</c> that allows
    /// it); when refused, the thread keeps the process's nice value and
    /// <see cref="ProcessEventSource.PriorityBoosted"/> says so. Applies, as <see cref="PromptWakeUp"/>, to
    /// the socket the source opens itself.
    /// </summary>
    /// <remarks>A large boost takes CPU time from the machine's other work while events flow; 4 (auditd's default) is plenty.</remarks>
    public int PriorityBoost { get; init; }

    /// <summary>
    /// How long events other than execs may wait before they are delivered (zero, the default:
    /// none; at most one second). With a delay the receive loop no longer wakes for every event:
    /// it sleeps after each batch, and only an exec wakes it at once, since a short-lived
    /// program's command line must be read before it exits. The kernel rings for execs on a
    /// second socket subscribed to them alone (the per-listener filter of Linux 6.6 and later);
    /// every event still arrives on the main socket, in order, with the same loss accounting.
    /// On a busy machine this saves a wake-up for most events, which is most of the receive
    /// loop's CPU (docs/benchmarks.md). Applies, as <see cref="PromptWakeUp"/>, to the socket the
    /// source opens itself; <see cref="ProcessEventSource.BatchDelay"/> tells whether it is in effect.
    /// </summary>
    /// <remarks>
    /// When no exec is delivered (<see cref="Events"/> without <see cref="ProcEventKind.Exec"/>),
    /// there is no doorbell: the loop simply sleeps after a batch that did not fill, on any kernel.
    /// When execs are delivered and the kernel cannot filter per listener, the delay is not
    /// applied: a late exec would lose the program's name.
    /// When the table reads nothing at an exec but its command line and comm
    /// (<see cref="ProcessTableOptions.Details"/> within <see cref="ProcessDetails.Arguments"/>,
    /// <see cref="ProcessDetails.CommandName"/> and <see cref="ProcessDetails.UserNames"/>) and
    /// events reach a <see cref="ProcessCallback"/> only, an exec's ring reads them at once and
    /// the loop sleeps on: every event, execs too, is then delivered up to the delay after it
    /// happened, and the loop takes the main socket's events once per delay instead of once per
    /// exec. Otherwise an exec's ring ends the sleep, so that what is read when the event is
    /// applied (or by a callback) is read at once.
    /// </remarks>
    public TimeSpan BatchDelay { get; init; }

    /// <summary>
    /// On the JIT, whether a background thread runs the event path right after the subscription,
    /// on events made up for this process and applied to a table of its own (with the options of
    /// <see cref="Processes"/>), until the runtime has compiled it at full optimisation (true, the
    /// default). Nothing reaches <see cref="Processes"/>, <see cref="Callback"/>,
    /// <see cref="ProcessCallback"/> or the endpoint's counters. Without it the first burst of
    /// events is the first time the exec and exit paths run, and they run slowly while the runtime
    /// compiles them, up to three times: a monitor then costs more and reads fewer short-lived
    /// programs in time in its first storm than in later ones. It costs the same compilations at
    /// the start instead (docs/benchmarks.md), typically a second or less;
    /// <c>ProcessEventSource.WarmUpCompletion</c> tells when it is done. No effect under NativeAOT,
    /// where everything is compiled ahead.
    /// </summary>
    public bool WarmUp { get; init; } = true;

    /// <summary>
    /// Called by the warm-up (<see cref="WarmUp"/>), on its thread (its first lifecycle during
    /// <c>ProcessEventSource.StartAsync</c>, on the caller's, before the subscription), with each made-up event and
    /// its process from the warm-up's table, so that the caller's per-event code is compiled too:
    /// typically what <see cref="ProcessCallback"/> does, writing to nowhere. Never called with a
    /// real event; needs <see cref="Processes"/>. An exception it throws ends the warm-up
    /// (<c>ProcessEventSource.WarmUpCompletion</c> faults with it); the source goes on.
    /// </summary>
    public ProcessEventCallback? WarmUpCallback { get; init; }

    /// <summary>The largest <see cref="BatchDelay"/>: a loop that sleeps longer lets the queue overflow on any busy machine.</summary>
    public static TimeSpan MaxBatchDelay => TimeSpan.FromSeconds(1);

    /// <summary>The largest <see cref="PriorityBoost"/>: from the weakest nice value (19) to the strongest (-20).</summary>
    public const int MaxPriorityBoost = 39;

    /// <summary>How many copied events <c>ProcessEventSource.ReadAllAsync</c> may fall behind before events are dropped (and counted in <c>DroppedByReader</c>); at least 1.</summary>
    public int ChannelCapacity { get; init; } = 64 * 1024;
}
