using System;
using KernelConnector.Wire;

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

    /// <summary>Trailing data over a message type's <c>MaxTrailingBytes</c>.</summary>
    public static ConnectorMessageSizeException TrailingTooLong(string typeName, int trailing, int maxTrailing) =>
        new($"{typeName} allows at most {maxTrailing} trailing bytes, but {trailing} were given.", trailing, maxTrailing, "trailing");

    /// <summary>A payload over the kernel's connector limit.</summary>
    public static ConnectorMessageSizeException PayloadTooLarge(string typeName, int payload) =>
        new($"A {typeName} payload of {payload} bytes exceeds the kernel's limit of {Connector.MaxPayloadSize} bytes " +
            $"(CONNECTOR_MAX_MSG_SIZE {Connector.MaxMessageSize} minus the {Connector.HeaderSize}-byte cn_msg); the kernel would drop it.",
            payload, Connector.MaxPayloadSize, "trailing");

    /// <summary>A destination too small for the payload.</summary>
    public static ConnectorMessageSizeException DestinationTooSmall(string typeName, int needed, int available) =>
        new($"A {typeName} payload needs {needed} bytes, but the destination has {available}.", needed, available, "destination");
}
