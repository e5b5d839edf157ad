using System;
using System.Collections.Generic;

namespace KernelConnector.W1;

/// <summary>
/// A device on an emulated 1-Wire bus: its ROM id, whether it is on the wire, and a memory that
/// reads return. Reads start at the memory's first byte each time the slave is selected (once per
/// slave message) and return <c>0xFF</c> past its end, as an idle bus does; a touch returns the
/// written bits ANDed with the memory's (the bus is wired-AND); what writes and touches send is
/// kept in <see cref="Written"/>.
/// </summary>
public sealed class W1EmulatedSlave
{
    private readonly List<byte> _written = [];
    private readonly object _gate;
    private int _cursor;

    internal W1EmulatedSlave(W1SlaveId id, ReadOnlySpan<byte> memory, object gate)
    {
        Id = id;
        Memory = memory.ToArray();
        _gate = gate;
    }

    /// <summary>The ROM id the slave answers a search with.</summary>
    public W1SlaveId Id { get; }

    /// <summary>Whether the device is on the wire: absent, it answers neither resets nor searches.</summary>
    public bool Present { get; set; } = true;

    /// <summary>Whether the device is in alarm, so that an alarm search finds it.</summary>
    public bool Alarm { get; set; }

    /// <summary>What reads return, from the first byte after each selection.</summary>
    public byte[] Memory { get; }

    /// <summary>Every byte written or touched to the slave, in order.</summary>
    public IReadOnlyList<byte> Written
    {
        get
        {
            lock (_gate)
            {
                return [.. _written];
            }
        }
    }

    internal void Select() => _cursor = 0;

    internal void Read(Span<byte> buffer)
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = Next();
        }
    }

    internal void Touch(Span<byte> buffer)
    {
        // A touch is a write whose bits are sampled back: the bytes are written too.
        _written.AddRange(buffer);
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] &= Next();
        }
    }

    internal void Write(ReadOnlySpan<byte> data) => _written.AddRange(data);

    private byte Next() => _cursor < Memory.Length ? Memory[_cursor++] : (byte)0xFF;
}
