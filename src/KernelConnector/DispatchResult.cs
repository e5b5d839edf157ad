namespace KernelConnector;

/// <summary>What became of one received connector message.</summary>
public enum DispatchResult
{
    /// <summary>A callback received it.</summary>
    Dispatched = 0,

    /// <summary>No callback is registered for its id.</summary>
    Unrouted,

    /// <summary>A callback exists, but the payload failed the message type's validation (size or field values).</summary>
    Invalid,
}
