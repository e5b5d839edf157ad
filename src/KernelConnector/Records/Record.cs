using System;

namespace KernelConnector.Records;

/// <summary>One record of a sequence: a copy of its header, and its body in place in the bytes read.</summary>
public readonly ref struct Record<THeader> where THeader : unmanaged, IRecordHeader<THeader>
{
    internal Record(THeader header, ReadOnlySpan<byte> body, int offset)
    {
        Header = header;
        Body = body;
        Offset = offset;
    }

    /// <summary>
    /// The header, copied out of the bytes: records are packed without regard to alignment (a w1
    /// command after 3 bytes of data starts at an odd offset), so they are not read in place.
    /// </summary>
    public THeader Header { get; }

    /// <summary>The <see cref="IRecordHeader{TSelf}.BodyLength"/> bytes that follow the header.</summary>
    public ReadOnlySpan<byte> Body { get; }

    /// <summary>Where the record's header starts, from the start of the sequence.</summary>
    public int Offset { get; }
}
