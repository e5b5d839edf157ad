using System.Runtime.InteropServices;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// <c>struct proc_input</c> (Linux 6.6+): a listen or ignore request with a filter, so that the
/// kernel sends only the kinds of event asked for. Older kernels ignore it without an answer.
/// </summary>
[ConnectorMessage(1, 1, Direction = ConnectorDirection.SendOnly)]
[StructLayout(LayoutKind.Sequential)]
public partial struct ProcInput
{
    /// <summary><c>mcast_op</c>: listen or ignore.</summary>
    public ProcCnMcastOp Op;

    /// <summary><c>event_type</c>: the kinds to deliver.</summary>
    public ProcEventKind EventType;
}
