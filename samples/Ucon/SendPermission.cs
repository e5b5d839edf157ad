using KernelConnector;

namespace Ucon;

/// <summary>
/// Whether this process may send replies at all. Joining a group does not tell: Linux's connector
/// lets an unprivileged socket join every odd-numbered group (its bind check tests bit 0 of the
/// group number, meant as process events' group 1, as if it were a group mask), while netlink
/// refuses an unprivileged send to any group or port with EPERM. A server that could join but
/// not answer would take requests and leave every requester waiting.
/// </summary>
internal static class SendPermission
{
    /// <summary>
    /// Asks the kernel rather than the process's capabilities (CAP_NET_ADMIN counts in the user
    /// namespace that owns the network namespace): sends a reply that answers nothing to this
    /// socket's own port. Netlink checks the permission before it looks for the receiver; when the
    /// send is allowed, the server's receive loop takes the message and, having no callback for
    /// replies, drops it.
    /// </summary>
    public static bool MayReply(IConnectorEndpoint endpoint)
    {
        try
        {
            endpoint.Send(new UconReply(), ConnectorAddress.Port(endpoint.PortId));
            return true;
        }
        catch (ConnectorUnavailableException e) when (e.Reason == ConnectorUnavailableReason.PermissionDenied)
        {
            return false;
        }
    }
}
