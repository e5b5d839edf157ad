using System;

namespace KernelConnector.W1;

/// <summary>The <c>__u16 len</c> of w1's headers: a body length of 0 to 65535 bytes.</summary>
internal static class W1Length
{
    public static ushort From(int bodyLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bodyLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bodyLength, ushort.MaxValue);
        return (ushort)bodyLength;
    }
}
