using System;

namespace KernelConnector.W1;

/// <summary>One command to send: what, and its data (for a read, as many bytes as are to be read: the kernel reads into them).</summary>
public readonly record struct W1CommandRequest(W1Command Command, ReadOnlyMemory<byte> Data)
{
    /// <summary>A command without data (search, list slaves, reset).</summary>
    public W1CommandRequest(W1Command command)
        : this(command, ReadOnlyMemory<byte>.Empty)
    {
    }

    /// <summary>A read of <paramref name="count"/> bytes.</summary>
    public static W1CommandRequest Read(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, ushort.MaxValue);
        return new W1CommandRequest(W1Command.Read, new byte[count]);
    }
}
