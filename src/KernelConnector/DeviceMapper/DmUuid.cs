using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace KernelConnector.DeviceMapper;

/// <summary><c>char uuid[DM_UUID_LEN]</c>: a log's uuid, NUL-terminated in 129 bytes.</summary>
[InlineArray(DmUlog.UuidLength)]
public struct DmUuid
{
    private byte _first;

    /// <summary>The uuid's bytes up to the first NUL.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Bytes => CString.UpToNul(this);

    /// <summary>A uuid from text of at most 128 bytes of UTF-8 (the kernel refuses longer ones).</summary>
    /// <exception cref="ArgumentException">The text is longer, or holds a NUL.</exception>
    public static DmUuid From(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var uuid = default(DmUuid);
        Span<byte> bytes = uuid;
        if (text.Contains('\0', StringComparison.Ordinal) || Encoding.UTF8.GetByteCount(text) > DmUlog.UuidLength - 1)
        {
            throw new ArgumentException($"A device-mapper uuid is at most {DmUlog.UuidLength - 1} bytes without NUL; '{text}' is not.", nameof(text));
        }

        Encoding.UTF8.GetBytes(text, bytes);
        return uuid;
    }

    /// <inheritdoc />
    public override readonly string ToString() => Encoding.UTF8.GetString(Bytes);
}
