using System.Runtime.InteropServices;

namespace KernelConnector.W1;

/// <summary><c>struct w1_mst</c>: the arm of <c>w1_netlink_msg.id</c> that names a bus master.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct W1MasterAddress
{
    /// <summary><c>id</c>: the bus master's id, as <see cref="W1MessageType.ListMasters"/> reports it.</summary>
    public uint Id;

    /// <summary><c>res</c>: reserved.</summary>
    public uint Reserved;
}
