using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KernelConnector.Records;

/// <summary>
/// Writes a sequence of variable-length records into a caller's buffer, setting each header's
/// length field from the bytes actually written after it, so that the lengths cannot disagree
/// with the data. Records nest: <see cref="Begin{THeader}"/> a record, write its body (bytes,
/// values or further records), then <see cref="End{THeader}"/> it.
/// </summary>
/// <remarks>
/// Nothing is written by a call that throws: a body over the header's
/// <see cref="IRecordHeader{TSelf}.MaxBodyLength"/>, or more bytes than the destination has left,
/// is refused with a <see cref="ConnectorMessageSizeException"/> first.
/// </remarks>
public ref struct RecordWriter
{
    private readonly Span<byte> _destination;

    /// <summary>Writes into <paramref name="destination"/> from its first byte.</summary>
    public RecordWriter(Span<byte> destination) => _destination = destination;

    /// <summary>How many bytes have been written.</summary>
    public int Length { get; private set; }

    /// <summary>The bytes written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _destination[..Length];

    /// <summary>Writes a whole record: <paramref name="header"/> with its length set for <paramref name="body"/>, then the body.</summary>
    public void Write<THeader>(THeader header, ReadOnlySpan<byte> body)
        where THeader : unmanaged, IRecordHeader<THeader>
    {
        CheckBody<THeader>(body.Length);
        var start = AlignedLength<THeader>();
        Reserve(start - Length + Unsafe.SizeOf<THeader>() + body.Length);
        Pad(start);
        var sized = header.WithBodyLength(body.Length);
        MemoryMarshal.Write(_destination[start..], in sized);
        body.CopyTo(_destination[(start + Unsafe.SizeOf<THeader>())..]);
        Length = start + Unsafe.SizeOf<THeader>() + body.Length;
    }

    /// <summary>Writes <paramref name="header"/> and leaves its record open: what is written next is its body, until <see cref="End{THeader}"/>.</summary>
    public RecordMark<THeader> Begin<THeader>(THeader header)
        where THeader : unmanaged, IRecordHeader<THeader>
    {
        var start = AlignedLength<THeader>();
        Reserve(start - Length + Unsafe.SizeOf<THeader>());
        Pad(start);
        var open = header.WithBodyLength(0);
        MemoryMarshal.Write(_destination[start..], in open);
        Length = start + Unsafe.SizeOf<THeader>();
        return new RecordMark<THeader>(start);
    }

    /// <summary>Ends the record begun at <paramref name="mark"/>: its length field is set to the bytes written since its header.</summary>
    /// <exception cref="ArgumentException">The mark is not one of this writer's open records.</exception>
    /// <exception cref="ConnectorMessageSizeException">The body is longer than the header's length field can state; the header is left as it was.</exception>
    public readonly void End<THeader>(RecordMark<THeader> mark)
        where THeader : unmanaged, IRecordHeader<THeader>
    {
        if (mark.Offset < 0 || mark.Offset > Length - Unsafe.SizeOf<THeader>())
        {
            throw new ArgumentException($"No {typeof(THeader).Name} record was begun at offset {mark.Offset} of the {Length} bytes written.", nameof(mark));
        }

        var bodyLength = Length - mark.Offset - Unsafe.SizeOf<THeader>();
        CheckBody<THeader>(bodyLength);
        var target = _destination[mark.Offset..];
        var header = MemoryMarshal.Read<THeader>(target).WithBodyLength(bodyLength);
        MemoryMarshal.Write(target, in header);
    }

    /// <summary>Writes raw bytes: part of the body of the open record.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_destination[Length..]);
        Length += bytes.Length;
    }

    /// <summary>Writes a value's bytes as they are in memory (unaligned): part of the body of the open record.</summary>
    public void WriteValue<T>(T value)
        where T : unmanaged
    {
        Reserve(Unsafe.SizeOf<T>());
        MemoryMarshal.Write(_destination[Length..], in value);
        Length += Unsafe.SizeOf<T>();
    }

    private readonly int AlignedLength<THeader>()
        where THeader : unmanaged, IRecordHeader<THeader>
    {
        var alignment = Math.Max(1, THeader.Alignment);
        return (Length + alignment - 1) / alignment * alignment;
    }

    private void Pad(int start)
    {
        _destination[Length..start].Clear();
        Length = start;
    }

    private readonly void Reserve(int bytes)
    {
        if (bytes > _destination.Length - Length)
        {
            throw new ConnectorMessageSizeException(
                $"The records need {bytes} more bytes, but the destination has {_destination.Length - Length} left ({Length} of {_destination.Length} written).",
                Length + bytes,
                _destination.Length,
                "destination");
        }
    }

    private static void CheckBody<THeader>(int bodyLength)
        where THeader : unmanaged, IRecordHeader<THeader>
    {
        if (bodyLength > THeader.MaxBodyLength)
        {
            throw new ConnectorMessageSizeException(
                $"A {typeof(THeader).Name} record's length field states at most {THeader.MaxBodyLength} bytes of body, but it has {bodyLength}.",
                bodyLength,
                THeader.MaxBodyLength,
                "body");
        }
    }
}
