namespace KernelConnector;

/// <summary>Which way a message type travels.</summary>
public enum ConnectorDirection
{
    /// <summary>Sent and received.</summary>
    Both = 0,

    /// <summary>Only sent; never dispatched to a callback, so its id may be shared with a received type.</summary>
    SendOnly = 1,

    /// <summary>Only received.</summary>
    ReceiveOnly = 2,
}
