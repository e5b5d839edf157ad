using System;

namespace KernelConnector.DeviceMapper;

/// <summary>A request of the emulated kernel failed: the log daemon answered an error, or the kernel refused the request itself.</summary>
public sealed class DmLogException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DmLogException(string message, DmUlogRequestType requestType, int error)
        : base(message)
    {
        RequestType = requestType;
        Error = error;
    }

    /// <summary>The request that failed.</summary>
    public DmUlogRequestType RequestType { get; }

    /// <summary>The kernel's result: a negative errno.</summary>
    public int Error { get; }
}
