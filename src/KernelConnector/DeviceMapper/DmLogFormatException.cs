using System;

namespace KernelConnector.DeviceMapper;

/// <summary>A request's data is not what its type carries (a region that is not 8 bytes, a region list whose length is not a multiple of 8, …).</summary>
public sealed class DmLogFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public DmLogFormatException(string message)
        : base(message)
    {
    }
}
