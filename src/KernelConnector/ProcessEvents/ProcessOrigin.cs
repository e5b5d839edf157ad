namespace KernelConnector.ProcessEvents;

/// <summary>How a process came into the table.</summary>
public enum ProcessOrigin
{
    /// <summary>Its fork event was seen.</summary>
    Forked,

    /// <summary>It was alive when the table was seeded from <c>/proc</c>.</summary>
    Seeded,

    /// <summary>An event named a process the table did not know, and it was read from <c>/proc</c>.</summary>
    Discovered,

    /// <summary>It was found in <c>/proc</c> by a resynchronisation after a loss of events.</summary>
    Resynchronized,
}
