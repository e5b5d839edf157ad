namespace KernelConnector.ProcessEvents;

/// <summary>What a <see cref="ProcessTable"/> holds and has done. New counters may be added; read them by name.</summary>
public sealed record ProcessTableStatistics
{
    /// <summary>Processes alive now.</summary>
    public int Live { get; init; }

    /// <summary>Exited processes still kept.</summary>
    public int Exited { get; init; }

    /// <summary>Processes read from <c>/proc</c> when the table was seeded.</summary>
    public long Seeded { get; init; }

    /// <summary>Processes created by a fork event.</summary>
    public long Forks { get; init; }

    /// <summary>Threads created (clone events of an existing process).</summary>
    public long Threads { get; init; }

    /// <summary>Execs handled.</summary>
    public long Execs { get; init; }

    /// <summary>Execs named from the command line.</summary>
    public long NamedFromCommandLine { get; init; }

    /// <summary>Execs named from <c>comm</c> only (the process was a zombie already).</summary>
    public long NamedFromComm { get; init; }

    /// <summary>Execs whose name could not be read at all (the process was gone).</summary>
    public long NamesUnknown { get; init; }

    /// <summary>Process exits seen.</summary>
    public long Exits { get; init; }

    /// <summary>Events about a process the table did not know, read from <c>/proc</c> when seen.</summary>
    public long Discovered { get; init; }

    /// <summary>Resynchronisations after a loss of events.</summary>
    public long Resynchronizations { get; init; }

    /// <summary>Processes found by resynchronisations that the table had missed.</summary>
    public long ResyncAdded { get; init; }

    /// <summary>Processes resynchronisations found gone (their exit was lost).</summary>
    public long ResyncVanished { get; init; }

    /// <summary>Exited processes forgotten to keep within <see cref="ProcessTableOptions.RetainExited"/>.</summary>
    public long Evicted { get; init; }
}
