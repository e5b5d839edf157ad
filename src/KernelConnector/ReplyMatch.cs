namespace KernelConnector;

/// <summary>How a reply is recognised.</summary>
public enum ReplyMatch
{
    /// <summary>The connector protocol: the reply's seq equals the request's, and its ack is the request's ack + 1.</summary>
    SeqAndAck,

    /// <summary>Only the ack (request's ack + 1): the kernel's process-event connector overwrites seq in its acknowledgement.</summary>
    AckOnly,
}
