using System.ComponentModel;
using KernelConnector.Wire;

namespace KernelConnector.__Internals;

/// <summary>
/// The exceptions a generated serializer throws, with their messages written once here rather
/// than in every message type's generated code.
/// </summary>
/// <remarks>Called by generated code only, so hidden from IntelliSense; not for use in user code.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ConnectorExceptionFactory
{
    /// <summary>The exception that describes <paramref name="status"/> for a received payload of a message type.</summary>
    public static ConnectorFormatException InvalidPayload(ConnectorReadStatus status, string typeName, int size, int maxTrailing, int length) =>
        new(status, status switch
        {
            ConnectorReadStatus.TooShort => $"A {typeName} payload needs {size} bytes but only {length} were received.",
            ConnectorReadStatus.TooLong => $"A {typeName} payload is at most {size} + {maxTrailing} trailing bytes but {length} were received.",
            ConnectorReadStatus.InvalidField => $"A {typeName} payload holds a field value its type does not allow (a bool other than 0 or 1, or an undefined value of a closed enum).",
            _ => $"A {typeName} payload is not valid ({status}).",
        });

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
