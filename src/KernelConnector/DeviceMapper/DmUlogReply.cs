using System.Runtime.InteropServices;
using KernelConnector.Wire;

namespace KernelConnector.DeviceMapper;

/// <summary>
/// A <c>struct dm_ulog_request</c> on its way back to the kernel: the request with its
/// <c>error</c>, <c>data_size</c> and data set. A reply may carry more data than a request
/// (a status line), up to what the kernel has room for (<see cref="DmUlog.ReplyCapacity"/>).
/// </summary>
[ConnectorMessage(7, 1, Direction = ConnectorDirection.SendOnly, MaxTrailingBytes = DmUlog.MaxReplyData)]
[StructLayout(LayoutKind.Sequential)]
public partial struct DmUlogReply
{
    /// <summary>The request's fields, answered.</summary>
    public DmUlogRequest Request;
}
