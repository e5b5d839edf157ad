namespace KernelConnector.Transport;

/// <summary>How a socket's receive loop called the kernel: tests read it to see which path ran and how much one call took.</summary>
internal struct ReceiveCallCounts
{
    /// <summary><c>recvmmsg</c> calls (including refused ones).</summary>
    public long Batched;

    /// <summary><c>recvfrom</c> calls, after <c>recvmmsg</c> was refused.</summary>
    public long Single;

    /// <summary>The most datagrams one call returned.</summary>
    public int Largest;

    /// <summary>Sleeps after a batch that did not fill (<see cref="ConnectorEndpointOptions.ReceiveBatchDelay"/>).</summary>
    public long Naps;

    /// <summary>Naps ended early by a datagram on the doorbell socket (<see cref="ConnectorSocket.AttachDoorbell"/>).</summary>
    public long Doorbells;
}
