using System;
using System.Threading;
using System.Threading.Channels;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// Routes process events to the user: in place to a callback, or copied into a channel for
/// <c>await foreach</c>. Events the kernel could not filter out are dropped here.
/// </summary>
internal sealed partial class ProcessEventHandler
{
    private readonly ConnectorCallback<ProcEvent>? _callback;
    private readonly ChannelWriter<ProcEvent>? _channel;
    private long _filtered;
    private long _channelDropped;

    public ProcessEventHandler(ConnectorCallback<ProcEvent>? callback, ChannelWriter<ProcEvent>? channel)
    {
        _callback = callback;
        _channel = channel;
    }

    /// <summary>The kinds to deliver; the kernel filters too when it can.</summary>
    public ProcEventKind Kinds { get; set; } = ProcEventKind.All;

    /// <summary>Events dropped because their kind was not asked for.</summary>
    public long Filtered => Interlocked.Read(ref _filtered);

    /// <summary>Events dropped because the reader of <c>ProcessEventSource.ReadAllAsync</c> fell behind.</summary>
    public long ChannelDropped => Interlocked.Read(ref _channelDropped);

    [ConnectorCallback]
    private void OnProcEvent(in ConnectorMessage<ProcEvent> message)
    {
        ref readonly var ev = ref message.Value;
        if (ev.What == ProcEventKind.None || !Wanted(ev))
        {
            // Acknowledgements (what = 0) belong to requests; an unmatched one is no event.
            Interlocked.Increment(ref _filtered);
            return;
        }

        _callback?.Invoke(in message);
        if (_channel is not null && !_channel.TryWrite(ev))
        {
            Interlocked.Increment(ref _channelDropped);
        }
    }

    private bool Wanted(in ProcEvent ev)
    {
        // The kernel's own filter rules (cn_filter): a kind asked for is delivered; NonzeroExit on
        // its own lets through only the exits with a nonzero exit code.
        if ((Kinds & ev.What) != 0)
        {
            return true;
        }

        return ev.What == ProcEventKind.Exit && (Kinds & ProcEventKind.NonzeroExit) != 0 && ev.Exit.ExitCode != 0;
    }
}
