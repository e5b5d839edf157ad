using System;
using System.Runtime.InteropServices;

namespace KernelConnector.Transport;

/// <summary>
/// Owns a file descriptor as <c>SafeSocketHandle</c> owns a socket: a system call runs between
/// <see cref="Lease"/> and its release, so a concurrent dispose never closes a descriptor in use
/// (the close waits for the last lease), and a descriptor whose owner was never disposed is closed
/// by the finalizer instead of leaking.
/// </summary>
internal sealed class SafeDescriptorHandle : SafeHandle
{
    public SafeDescriptorHandle(int descriptor)
        : base(invalidHandleValue: -1, ownsHandle: true) => SetHandle(descriptor);

    /// <inheritdoc />
    public override bool IsInvalid => handle == -1;

    /// <summary>Holds the descriptor open for one use; throws <see cref="ObjectDisposedException"/> once the handle is closed.</summary>
    public DescriptorLease Lease()
    {
        var added = false;
        DangerousAddRef(ref added);
        return new DescriptorLease(this, (int)handle);
    }

    /// <summary>Like <see cref="Lease"/>, but false instead of an exception when the handle is closed.</summary>
    public bool TryLease(out DescriptorLease lease)
    {
        try
        {
            lease = Lease();
            return true;
        }
        catch (ObjectDisposedException)
        {
            lease = default;
            return false;
        }
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle() => Native.Close((int)handle) == 0;
}
