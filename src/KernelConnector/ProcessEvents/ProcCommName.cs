using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace KernelConnector.ProcessEvents;

/// <summary><c>char comm[16]</c>: a task's command name as the kernel keeps it.</summary>
[InlineArray(Length)]
public struct ProcCommName
{
    /// <summary>The size of the kernel's <c>comm</c> (<c>TASK_COMM_LEN</c>).</summary>
    public const int Length = 16;

    private byte _first;

    /// <summary>The name's bytes up to the first NUL.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Bytes => CString.UpToNul(this);

    /// <inheritdoc />
    public override readonly string ToString() => Encoding.UTF8.GetString(Bytes);
}
