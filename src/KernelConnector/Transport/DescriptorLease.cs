namespace KernelConnector.Transport;

/// <summary>A descriptor held open for the length of a <c>using</c>; see <see cref="SafeDescriptorHandle"/>.</summary>
internal readonly struct DescriptorLease(SafeDescriptorHandle? owner, int descriptor) : System.IDisposable
{
    /// <summary>The descriptor, valid until the lease is disposed.</summary>
    public int Descriptor { get; } = descriptor;

    public void Dispose() => owner?.DangerousRelease();
}
