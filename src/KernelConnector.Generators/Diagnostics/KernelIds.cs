namespace KernelConnector.Generators.Diagnostics;

/// <summary>The ids <c>&lt;linux/connector.h&gt;</c> assigns to in-kernel connector users.</summary>
internal static class KernelIds
{
    public static string? Owner(uint idx, uint val) => (idx, val) switch
    {
        (1, 1) => "process events connector (cn_proc)",
        (2, 1) => "CIFS upcalls",
        (3, 1) => "1-Wire bus",
        (4, 1) => "uvesafb v86d helper",
        (6, 1) => "distributed storage target",
        (7, 1) => "device-mapper userspace log",
        (8, 1) => "DRBD",
        (9, 1) => "Hyper-V key-value pair exchange",
        (10, 1) => "Hyper-V volume shadow copy",
        _ => null,
    };
}
