using System.Runtime.InteropServices;

namespace KernelConnector.ProcessEvents;

/// <summary>The request every kernel with process events understands: a bare <c>enum proc_cn_mcast_op</c>.</summary>
[ConnectorMessage(1, 1, Direction = ConnectorDirection.SendOnly)]
[StructLayout(LayoutKind.Sequential)]
public partial struct ProcMulticastRequest
{
    /// <summary>Listen or ignore.</summary>
    public ProcCnMcastOp Op;
}
