namespace KernelConnector.DeviceMapper;

/// <summary>
/// What the emulated kernel's <c>dm_consult_userspace</c> got back: <paramref name="Error"/> (0 or a
/// negative errno, the daemon's or the kernel's own such as <c>-ENOSPC</c>) and the reply's data.
/// </summary>
public sealed record DmLogKernelReply(int Error, byte[] Data);
