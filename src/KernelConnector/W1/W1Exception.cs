using System;

namespace KernelConnector.W1;

/// <summary>The w1 connector answered a request with a failure status.</summary>
public sealed class W1Exception : Exception
{
    /// <summary>Creates the exception.</summary>
    public W1Exception(string message, int status)
        : base(message) => Status = status;

    /// <summary>The status byte of the reply: a positive errno (see <see cref="W1Status"/>).</summary>
    public int Status { get; }
}
