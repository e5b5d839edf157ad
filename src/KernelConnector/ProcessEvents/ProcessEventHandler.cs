using System;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Channels;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// Routes process events to the user: in place to a callback, or copied into a channel for
/// <c>await foreach</c>. Events the kernel could not filter out are dropped here.
/// </summary>
internal sealed partial class ProcessEventHandler : Protocol.IBatchPreview
{
    private readonly ConnectorCallback<ProcEvent>? _callback;
    private readonly ChannelWriter<ProcEvent>? _channel;
    private long _filtered;
    private long _channelDropped;

    private readonly ProcessTable? _table;
    private readonly long _resyncIntervalTicks;
    private bool _resynchronized;
    private long _lastResync;
    private int _lossPending;
    private ConnectorLossKind _pendingCause;
    private long _pendingLost;

    private readonly ProcessEventCallback? _processCallback;

    /// <summary>Set when the receive loop runs on a thread of its own that should ask for prompt wake-ups (once, from that thread).</summary>
    public bool RequestPromptWakeUp { get; set; }

    /// <summary>Nice levels to raise that thread by, asked with the prompt wake-ups (0: none).</summary>
    public int RequestPriorityBoost { get; set; }

    /// <summary>Whether the receive thread was granted <see cref="RequestPriorityBoost"/>; null until its first event.</summary>
    public bool? PriorityBoosted => Volatile.Read(ref _priorityBoosted) switch { 0 => null, 1 => true, _ => false };

    private int _priorityBoosted;

    public ProcessEventHandler(ConnectorCallback<ProcEvent>? callback, ChannelWriter<ProcEvent>? channel, ProcessTable? table = null, TimeSpan resyncInterval = default, ProcessEventCallback? processCallback = null)
    {
        _processCallback = processCallback;
        _callback = callback;
        _channel = channel;
        _table = table;
        _resyncIntervalTicks = StopwatchTicks(resyncInterval);
    }

    /// <summary>
    /// Notes a loss (on the receive loop). The table is resynchronised now, or, when it was a
    /// moment ago, before the next event once the interval has passed.
    /// </summary>
    public void OnLoss(ConnectorLossKind cause, long count)
    {
        if (_table is null)
        {
            return;
        }

        _pendingCause = cause;
        _pendingLost += count;
        Volatile.Write(ref _lossPending, 1);
        ResyncIfDue();
    }

    private void ResyncIfDue()
    {
        // The first loss is handled at once, whatever the interval: it spaces rescans, it does not
        // delay the first one. (A head start subtracted from the clock would not do: an interval of
        // a few centuries is longer than any head start that cannot overflow.)
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        if ((_resynchronized && now - _lastResync < _resyncIntervalTicks) || Interlocked.Exchange(ref _lossPending, 0) == 0)
        {
            return;
        }

        _resynchronized = true;
        _lastResync = now;
        var lost = _pendingLost;
        _pendingLost = 0;
        _table!.Resynchronize(_pendingCause, lost);
    }

    /// <summary>
    /// <paramref name="interval"/> in <see cref="System.Diagnostics.Stopwatch"/> ticks, at most
    /// <see cref="long.MaxValue"/>: a <see cref="TimeSpan"/> reaches 29,000 years, the tick count
    /// only 292 (at 1 GHz), and a longer one means "never again" all the same. Converted without
    /// floating point: a double's rounding, or its cast out of range (saturated on .NET 9 and later,
    /// <see cref="long.MinValue"/> on .NET 8 on x64), must not turn "never" into "always".
    /// </summary>
    internal static long StopwatchTicks(TimeSpan interval)
    {
        var frequency = System.Diagnostics.Stopwatch.Frequency;
        var ticks = interval.Ticks;
        if (ticks <= 0)
        {
            return 0;
        }

        var seconds = ticks / TimeSpan.TicksPerSecond;
        var rest = ticks % TimeSpan.TicksPerSecond;
        if (seconds > (long.MaxValue - frequency) / frequency)
        {
            return long.MaxValue;
        }

        // What is left is under a second: under one second's worth of Stopwatch ticks.
        return (seconds * frequency) + (long)((Int128)rest * frequency / TimeSpan.TicksPerSecond);
    }

    /// <summary>The kinds to deliver; the kernel filters too when it can.</summary>
    public ProcEventKind Kinds { get; set; } = ProcEventKind.All;

    /// <summary>Events dropped because their kind was not asked for.</summary>
    public long Filtered => Interlocked.Read(ref _filtered);

    /// <summary>Events dropped because the reader of <c>ProcessEventSource.ReadAllAsync</c> fell behind.</summary>
    public long ChannelDropped => Interlocked.Read(ref _channelDropped);

    /// <summary>Counts an event the full channel dropped (its item-dropped callback).</summary>
    public void CountChannelDrop() => Interlocked.Increment(ref _channelDropped);

    /// <inheritdoc />
    /// <remarks>
    /// With a table that reads nothing from <c>/proc</c> when an exec is applied but what the
    /// read-ahead reads (the command line and comm), and no raw-event callback or channel (whose
    /// reader may read <c>/proc</c> itself): the read-ahead at the ring is all that must not wait.
    /// </remarks>
    public bool NapsThroughRings => _table is not null && _callback is null && _channel is null
        && (_table.Options.Details & ~(ProcessDetails.Arguments | ProcessDetails.CommandName | ProcessDetails.UserNames)) == 0;

    /// <inheritdoc />
    public void Preview(ReadOnlySpan<byte> datagram, uint senderPortId, bool rung)
    {
        // Only the kernel's execs, id changes and renames (a process event datagram holds one
        // message); anything else, or anything malformed, is left to the walk.
        if (_table is null || senderPortId != 0 || !TryPeek(datagram, out var ev))
        {
            return;
        }

        switch (ev.What)
        {
            case ProcEventKind.Exec when ev.Exec.ProcessTgid > 0:
                // The doorbell holds copies of the main socket's execs, in the same order, and is
                // drained only while the loop naps, after every batch taken so far was applied: a
                // rung exec no newer than the newest applied came through the main socket already,
                // and reading it again would leave a read-ahead nobody takes.
                if (!rung || ev.TimestampNs > _table.NewestAppliedExecNs)
                {
                    _table.PrefetchCommandLine(ev.Exec.ProcessTgid, ev.TimestampNs);
                }

                break;

            // Noted before the batch is applied: an exec ahead of them reads /proc after they
            // happened, and must not take what they set for the exec's. (The doorbell rings for
            // execs alone.)
            case ProcEventKind.Uid or ProcEventKind.Gid when !rung && ev.IdChange.ProcessTgid > 0:
                _table.NoteIdChange(ev.IdChange.ProcessTgid, ev.What == ProcEventKind.Uid, ev.IdChange.Real, ev.IdChange.Effective, ev.TimestampNs);
                break;
            case ProcEventKind.Comm when !rung && ev.Comm.ProcessTgid > 0 && ev.Comm.ProcessPid == ev.Comm.ProcessTgid:
                _table.NoteRename(ev.Comm.ProcessTgid, ev.Comm.Comm.ToString(), ev.TimestampNs);
                break;
        }
    }

    /// <summary>The exec'ing process of a datagram whose first message is the kernel's exec event, read without the walk.</summary>
    internal static bool TryPeekExec(ReadOnlySpan<byte> datagram, out int tgid, out ulong timestampNs)
    {
        tgid = 0;
        timestampNs = 0;
        if (!TryPeek(datagram, out var ev) || ev.What != ProcEventKind.Exec)
        {
            return false;
        }

        (tgid, timestampNs) = (ev.Exec.ProcessTgid, ev.TimestampNs);
        return tgid > 0;
    }

    /// <summary>The process event of a datagram whose first message is the kernel's, unchecked beyond its ids and lengths.</summary>
    private static bool TryPeek(ReadOnlySpan<byte> datagram, out ProcEvent ev)
    {
        // nlmsghdr (16) + cn_msg (20, its len at 32) + proc_event (40, at 36).
        const int Length = 16 + 20 + 40;
        ev = default;
        if (datagram.Length < Length
            || MemoryMarshal.Read<uint>(datagram) is < Length
            || MemoryMarshal.Read<CbId>(datagram[16..]) != ProcEvent.Id
            || MemoryMarshal.Read<ushort>(datagram[32..]) < 40)
        {
            return false;
        }

        ev = MemoryMarshal.Read<ProcEvent>(datagram[36..]);
        return true;
    }

    [ConnectorCallback]
    private void OnProcEvent(in ReceivedConnectorMessage<ProcEvent> message)
    {
        if (RequestPromptWakeUp || RequestPriorityBoost != 0)
        {
            Transport.ThreadScheduling.TryRequest(RequestPromptWakeUp ? Transport.ThreadScheduling.ShortSliceNs : 0, RequestPriorityBoost, out var boosted);
            if (RequestPriorityBoost != 0)
            {
                Volatile.Write(ref _priorityBoosted, boosted ? 1 : 2);
            }

            RequestPromptWakeUp = false;
            RequestPriorityBoost = 0;
        }

        ref readonly var ev = ref message.Value;
        ProcessRecord? process = null;
        if (_table is not null && ev.What != ProcEventKind.None)
        {
            if (_lossPending != 0)
            {
                ResyncIfDue();
            }

            // Every event, wanted or not, keeps the table true.
            process = _table.Apply(ev);
        }

        if (ev.What == ProcEventKind.None || !Wanted(ev))
        {
            // Acknowledgements (what = 0) belong to requests; an unmatched one is no event.
            Interlocked.Increment(ref _filtered);
            return;
        }

        _callback?.Invoke(in message);
        _processCallback?.Invoke(in ev, process);
        // A full channel drops the event and counts it (CountChannelDrop); TryWrite fails only
        // once the channel is completed, when the source is being disposed.
        _channel?.TryWrite(ev);
    }

    private bool Wanted(in ProcEvent ev)
    {
        // The kernel's own filter rules (cn_filter): a kind asked for is delivered; NonzeroExit on
        // its own lets through only the exits with a nonzero wait status (a failure or a signal).
        if ((Kinds & ev.What) != 0)
        {
            return true;
        }

        return ev.What == ProcEventKind.Exit && (Kinds & ProcEventKind.NonzeroExit) != 0 && ev.Exit.WaitStatus != 0;
    }
}
