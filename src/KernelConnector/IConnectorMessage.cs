using System;

namespace KernelConnector;

/// <summary>
/// The payload of a connector message. The source generator implements every member on each
/// <see cref="ConnectorMessageAttribute"/> struct; user code does not implement it by hand.
/// </summary>
/// <typeparam name="TSelf">The message struct itself.</typeparam>
public interface IConnectorMessage<TSelf> where TSelf : unmanaged, IConnectorMessage<TSelf>
{
    /// <summary>The callback id the message is sent with.</summary>
    static abstract CbId Id { get; }

    /// <summary>The multicast group a listener joins for this message.</summary>
    static abstract uint Group { get; }

    /// <summary>The size in bytes of the fixed part of the payload (the struct itself).</summary>
    static abstract int Size { get; }

    /// <summary>How many variable-length bytes may follow the fixed part.</summary>
    static abstract int MaxTrailingBytes { get; }

    /// <summary>
    /// The byte offset, within the payload, of the <c>uint</c> field marked with
    /// <see cref="SequenceKeyAttribute"/>, or -1 when sequence numbers are counted per sender.
    /// </summary>
    static abstract int SequenceKeyOffset { get; }

    /// <summary>
    /// Checks, without copying and without throwing, that <paramref name="payload"/> holds a valid
    /// message: long enough, no more trailing bytes than allowed, every constrained field
    /// (<c>bool</c>, closed enums) holding a value its type allows.
    /// </summary>
    static abstract ConnectorReadStatus Validate(ReadOnlySpan<byte> payload);

    /// <summary>
    /// A reference to the message in place in <paramref name="payload"/>: no copy.
    /// </summary>
    /// <exception cref="ConnectorFormatException">The payload is too short or a field holds a value its type does not allow.</exception>
    static abstract ref readonly TSelf View(ReadOnlySpan<byte> payload);

    /// <summary>A validating copy of the message; never throws on bad bytes.</summary>
    static abstract bool TryRead(ReadOnlySpan<byte> payload, out TSelf message);

    /// <summary>
    /// Writes the payload, the fixed part then <paramref name="trailing"/>, straight into
    /// <paramref name="destination"/> and returns the number of bytes written.
    /// </summary>
    /// <exception cref="ConnectorMessageSizeException">
    /// The trailing data exceeds <see cref="MaxTrailingBytes"/>, the payload exceeds the kernel's
    /// connector limit, or the destination is too small. Nothing is written.
    /// </exception>
    static abstract int Write(in TSelf message, ReadOnlySpan<byte> trailing, Span<byte> destination);
}
