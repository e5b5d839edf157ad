using System.Runtime.InteropServices;

namespace KernelConnector.Wire;

/// <summary><c>struct cn_msg</c> without its data: 20 bytes, host byte order.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct ConnectorMessageHeader
{
    /// <summary><c>id</c>: the callback id.</summary>
    public CbId Id;

    /// <summary><c>seq</c>.</summary>
    public uint Seq;

    /// <summary><c>ack</c>.</summary>
    public uint Ack;

    /// <summary><c>len</c>: length of the data that follows.</summary>
    public ushort Length;

    /// <summary><c>flags</c>.</summary>
    public ushort Flags;
}
