using System;

namespace KernelConnector;

/// <summary>Received bytes do not form a valid message of the expected type.</summary>
public sealed class ConnectorFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public ConnectorFormatException(ConnectorReadStatus status, string message) : base(message) => Status = status;

    /// <summary>What was wrong with the bytes.</summary>
    public ConnectorReadStatus Status { get; }

    /// <summary>Throws the exception that describes <paramref name="status"/> for a message type.</summary>
    public static ConnectorFormatException For(ConnectorReadStatus status, string typeName, int size, int maxTrailing, int length) =>
        new(status, status switch
        {
            ConnectorReadStatus.TooShort => $"A {typeName} payload needs {size} bytes but only {length} were received.",
            ConnectorReadStatus.TooLong => $"A {typeName} payload is at most {size} + {maxTrailing} trailing bytes but {length} were received.",
            ConnectorReadStatus.InvalidField => $"A {typeName} payload holds a field value its type does not allow (a bool other than 0 or 1, or an undefined value of a closed enum).",
            _ => $"A {typeName} payload is not valid ({status}).",
        });
}
