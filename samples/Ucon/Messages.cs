using System.Runtime.InteropServices;
using KernelConnector;

namespace Ucon;

/// <summary>A request: an operation and a text that follows as trailing bytes (C's <c>__u8 data[]</c>).</summary>
[ConnectorMessage(12, 1, MaxTrailingBytes = UconLimits.MaxText)]
[StructLayout(LayoutKind.Sequential)]
public partial struct UconRequest
{
    /// <summary>What to do with the text.</summary>
    public UconOperation Operation;

    /// <summary>The requester's own counter, echoed back.</summary>
    public uint Number;
}

/// <summary>The answer, sent to the requester's port only, with the transformed text as trailing bytes.</summary>
[ConnectorMessage(12, 2, MaxTrailingBytes = UconLimits.MaxText, UnicastOnly = true)]
[StructLayout(LayoutKind.Sequential)]
public partial struct UconReply
{
    /// <summary>The request's <see cref="UconRequest.Number"/>.</summary>
    public uint Number;

    /// <summary>How many requests the server had answered before this one.</summary>
    public uint Served;

    /// <summary>The server's process id.</summary>
    public int ServerPid;

    /// <summary>0, or an errno-style code when the operation is unknown.</summary>
    public int Error;
}

/// <summary>What the server does with a request's text.</summary>
public enum UconOperation : uint
{
    /// <summary>Sends it back unchanged.</summary>
    Echo = 1,

    /// <summary>Sends it back in capitals.</summary>
    Upper = 2,

    /// <summary>Sends it back reversed.</summary>
    Reverse = 3,
}

internal static class UconLimits
{
    public const int MaxText = 1024;
}
