using System.Runtime.InteropServices;

namespace KernelConnector.ProcessEvents;

/// <summary><c>event_data.ack</c>: the answer to a listen or ignore request.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct ProcAckEvent
{
    /// <summary><c>err</c>: 0, or the errno the kernel refused the request with.</summary>
    public uint Err;
}
