using System;

namespace KernelConnector;

/// <summary>C's fixed-size <c>char</c> arrays: text up to the first NUL, or the whole array when it is full.</summary>
internal static class CString
{
    public static ReadOnlySpan<byte> UpToNul(ReadOnlySpan<byte> chars)
    {
        var end = chars.IndexOf((byte)0);
        return end < 0 ? chars : chars[..end];
    }
}
