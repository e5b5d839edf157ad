using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KernelConnector.Records;

/// <summary>
/// Walks a sequence of variable-length records (a header, then as many bytes as its length field
/// says) in a span, without copying bodies and without ever reading outside the span. A record
/// whose header or body does not fit stops the walk: <see cref="Status"/> says why and
/// <see cref="StoppedAt"/> where, and nothing is thrown.
/// </summary>
/// <remarks>
/// Loop with <c>while (reader.MoveNext())</c> and read <see cref="Status"/> afterwards. (There is
/// deliberately no <c>GetEnumerator</c>: <c>foreach</c> would walk a copy and leave this
/// reader's status unread.) Every record advances by at least its header, so a walk ends after at
/// most <c>length / sizeof(header)</c> records whatever the bytes say.
/// </remarks>
public ref struct RecordReader<THeader> where THeader : unmanaged, IRecordHeader<THeader>
{
    private readonly ReadOnlySpan<byte> _bytes;
    private readonly int _base;
    private readonly THeader _first;
    private bool _hasFirst;
    private int _position;
    private Record<THeader> _current;

    /// <summary>Walks the records in <paramref name="bytes"/>, the first starting at offset 0.</summary>
    public RecordReader(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    /// <summary>
    /// Walks a sequence whose first header has already been read, and whose bytes after that
    /// header are <paramref name="rest"/>: the shape of a connector message whose fixed part is the
    /// first record's header and whose trailing bytes are everything after it (see
    /// <see cref="RecordSequence.Of{T}(in ReceivedConnectorMessage{T})"/>).
    /// </summary>
    public RecordReader(in THeader first, ReadOnlySpan<byte> rest)
    {
        _first = first;
        _hasFirst = true;
        _bytes = rest;
        _base = Unsafe.SizeOf<THeader>();
    }

    /// <summary>The record <see cref="MoveNext"/> moved to.</summary>
    public readonly Record<THeader> Current => _current;

    /// <summary><see cref="RecordStatus.Reading"/> until the walk ends; then how it ended.</summary>
    public RecordStatus Status { get; private set; }

    /// <summary>Where the walk stopped, from the start of the sequence: its length when complete, else the start of the record that did not fit.</summary>
    public int StoppedAt { get; private set; }

    /// <summary>How many records have been read.</summary>
    public int Count { get; private set; }

    /// <summary>Whether the walk stopped at a record that does not fit.</summary>
    public readonly bool IsMalformed => Status is not (RecordStatus.Reading or RecordStatus.Complete);

    /// <summary>Moves to the next record; <see langword="false"/> at the end or at the first record that does not fit.</summary>
    public bool MoveNext()
    {
        if (Status != RecordStatus.Reading)
        {
            return false;
        }

        THeader header;
        int bodyStart;
        int offset;
        if (_hasFirst)
        {
            _hasFirst = false;
            header = _first;
            bodyStart = 0;
            offset = 0;
        }
        else
        {
            // Padding up to the next aligned offset belongs to no record, and may be left out
            // after the last one (as netlink allows).
            var start = Align(_base + _position) - _base;
            if (start >= _bytes.Length)
            {
                return Stop(RecordStatus.Complete, _base + _bytes.Length);
            }

            if (_bytes.Length - start < Unsafe.SizeOf<THeader>())
            {
                return Stop(RecordStatus.TruncatedHeader, _base + start);
            }

            header = MemoryMarshal.Read<THeader>(_bytes[start..]);
            bodyStart = start + Unsafe.SizeOf<THeader>();
            offset = _base + start;
        }

        var length = header.BodyLength;
        if (length < 0)
        {
            return Stop(RecordStatus.InvalidLength, offset);
        }

        if (length > _bytes.Length - bodyStart)
        {
            return Stop(RecordStatus.BodyPastEnd, offset);
        }

        _current = new Record<THeader>(header, _bytes.Slice(bodyStart, length), offset);
        _position = bodyStart + length;
        Count++;
        return true;
    }

    private bool Stop(RecordStatus status, int offset)
    {
        Status = status;
        StoppedAt = offset;
        _current = default;
        return false;
    }

    // Offsets are at most a span's length, and alignments small: no overflow.
    private static int Align(int offset)
    {
        var alignment = Math.Max(1, THeader.Alignment);
        return (int)(((long)offset + alignment - 1) / alignment * alignment);
    }
}
