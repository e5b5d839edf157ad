using System;

namespace KernelConnector.Protocol;

/// <summary>
/// A dispatcher that wants to see every datagram of a received batch before any of it is walked:
/// the process table reads the command lines of all the batch's execs first, so that a
/// short-lived program's <c>/proc</c> entry is read before the time spent applying and printing
/// the events ahead of it lets it vanish. A loop with a doorbell shows it the doorbell's datagrams
/// too: when it rings, before the loop takes the main socket's batch that holds the same events.
/// A batch of one datagram is shown too: the read-ahead path is short and compiled at start
/// (<c>ProcessEventHandler.Prime</c>), the walk and the table may not be yet.
/// </summary>
internal interface IBatchPreview
{
    /// <summary>
    /// One datagram of the batch, or of the doorbell (<paramref name="rung"/>: a copy of a datagram
    /// the main socket holds too, and perhaps delivered already), unchecked: read defensively, act
    /// only on what is certain.
    /// </summary>
    void Preview(ReadOnlySpan<byte> datagram, uint senderPortId, bool rung);

    /// <summary>
    /// Whether previewing a rung datagram does all that must not wait: then a ring does not end the
    /// loop's nap, and the main socket's batch is taken once per delay instead of once per ring.
    /// When it is false, the first ring ends the nap, as something is read only when the events
    /// are applied (or by the callbacks they reach) and must be read as soon as possible.
    /// </summary>
    bool NapsThroughRings { get; }
}
