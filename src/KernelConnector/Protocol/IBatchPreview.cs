using System;

namespace KernelConnector.Protocol;

/// <summary>
/// A dispatcher that wants to see every datagram of a received batch before any of it is walked:
/// the process table reads the command lines of all the batch's execs first, so that a
/// short-lived program's <c>/proc</c> entry is read before the time spent applying and printing
/// the events ahead of it lets it vanish. A loop with a doorbell shows it the doorbell's datagrams
/// too, before the same events reach the main socket's batch.
/// </summary>
internal interface IBatchPreview
{
    /// <summary>One datagram of the batch, unchecked: read defensively, act only on what is certain.</summary>
    void Preview(ReadOnlySpan<byte> datagram, uint senderPortId);
}
