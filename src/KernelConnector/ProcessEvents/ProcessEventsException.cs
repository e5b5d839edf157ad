using System;

namespace KernelConnector.ProcessEvents;

/// <summary>The kernel did not start (or stop) sending process events; the message says why and what to do.</summary>
public sealed class ProcessEventsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProcessEventsException(string message, int errorCode = 0, Exception? innerException = null)
        : base(message, innerException) => ErrorCode = errorCode;

    /// <summary>The errno of the kernel's acknowledgement, or 0 when none came.</summary>
    public int ErrorCode { get; }
}
