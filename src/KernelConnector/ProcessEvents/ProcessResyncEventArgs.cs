using System;

namespace KernelConnector.ProcessEvents;

/// <summary>Tells that a <see cref="ProcessTable"/> resynchronised with <c>/proc</c> after events were lost.</summary>
public sealed class ProcessResyncEventArgs : EventArgs
{
    /// <summary>Creates the report.</summary>
    public ProcessResyncEventArgs(ConnectorLossKind cause, long lost, int added, int vanished)
    {
        Cause = cause;
        Lost = lost;
        Added = added;
        Vanished = vanished;
    }

    /// <summary>How the loss was detected.</summary>
    public ConnectorLossKind Cause { get; }

    /// <summary>How many events are known to be missing since the last resynchronisation; 0 when unknown (an overrun).</summary>
    public long Lost { get; }

    /// <summary>Processes alive in <c>/proc</c> that the table had missed.</summary>
    public int Added { get; }

    /// <summary>Processes the table thought alive that had exited unseen (now marked exited, status unknown).</summary>
    public int Vanished { get; }
}
