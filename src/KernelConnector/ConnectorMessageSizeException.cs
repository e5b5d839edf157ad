using System;

namespace KernelConnector;

/// <summary>
/// A message cannot be written: its trailing data, its total size or the destination does not fit.
/// Thrown before anything is written or sent.
/// </summary>
public sealed class ConnectorMessageSizeException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public ConnectorMessageSizeException(string message, int requiredBytes, int limitBytes, string? paramName = null)
        : base(message, paramName)
    {
        RequiredBytes = requiredBytes;
        LimitBytes = limitBytes;
    }

    /// <summary>The bytes the message needs.</summary>
    public int RequiredBytes { get; }

    /// <summary>The limit it exceeds (the kernel's, the message type's, or the destination's).</summary>
    public int LimitBytes { get; }

}
