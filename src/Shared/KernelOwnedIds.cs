namespace KernelConnector.Shared;

// Compiled into the runtime (the spoofing guard, CbId) and into the analyzers and code fixes
// (KC0016, the free-id fix), so that all of them know the same list: this file is the only place
// that says which connector ids belong to the kernel.

/// <summary>
/// Every <c>{idx, val}</c> pair <c>&lt;linux/connector.h&gt;</c> defines. A receiver drops these ids
/// from userspace senders by default: only the kernel (port 0) may send them.
/// </summary>
/// <remarks>
/// Whether the running kernel still has a given user does not matter: the header keeps the id
/// assigned, and a kernel or module that has the user sends it. <c>CN_IDX_BB</c> (5) is not on the
/// list: the header gives that idx, with no val, to the TSP "BlackBoard" module, which was never
/// part of the kernel and chose its vals itself; no kernel sends it, and a receiver could not know
/// which vals it would mean.
/// </remarks>
internal static class KernelOwnedIds
{
    public static readonly KernelOwnedId Proc = new(1, 1, "CN_IDX_PROC", "CN_VAL_PROC", "process events connector (cn_proc)");
    public static readonly KernelOwnedId Cifs = new(2, 1, "CN_IDX_CIFS", "CN_VAL_CIFS", "CIFS upcalls");
    public static readonly KernelOwnedId W1 = new(3, 1, "CN_W1_IDX", "CN_W1_VAL", "1-Wire bus");
    public static readonly KernelOwnedId V86dUvesafb = new(4, 1, "CN_IDX_V86D", "CN_VAL_V86D_UVESAFB", "uvesafb v86d helper");
    public static readonly KernelOwnedId Dst = new(6, 1, "CN_DST_IDX", "CN_DST_VAL", "distributed storage target");
    public static readonly KernelOwnedId DmUserspaceLog = new(7, 1, "CN_IDX_DM", "CN_VAL_DM_USERSPACE_LOG", "device-mapper userspace log");
    public static readonly KernelOwnedId Drbd = new(8, 1, "CN_IDX_DRBD", "CN_VAL_DRBD", "DRBD");
    public static readonly KernelOwnedId HyperVKvp = new(9, 1, "CN_KVP_IDX", "CN_KVP_VAL", "Hyper-V key-value pair exchange");
    public static readonly KernelOwnedId HyperVVss = new(10, 1, "CN_VSS_IDX", "CN_VSS_VAL", "Hyper-V volume shadow copy");

    /// <summary>The list, in the header's order.</summary>
    public static readonly KernelOwnedId[] All = [Proc, Cifs, W1, V86dUvesafb, Dst, DmUserspaceLog, Drbd, HyperVKvp, HyperVVss];

    // The receive path asks Contains for every message from a userspace port: the ids with val 1
    // and a small idx (all of them today) are one bit test, the rest a search of what is left.
    private static readonly ulong SmallIdxWithVal1 = MaskOfSmallIdxWithVal1();
    private static readonly KernelOwnedId[] Others = OthersThanSmallIdxWithVal1();

    /// <summary>Whether <c>{idx, val}</c> is on the list.</summary>
    public static bool Contains(uint idx, uint val)
    {
        if (val == 1 && idx < 64)
        {
            return (SmallIdxWithVal1 & (1UL << (int)idx)) != 0;
        }

        foreach (var id in Others)
        {
            if (id.Idx == idx && id.Val == val)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The id's owner, or <see langword="null"/> when the id is not on the list.</summary>
    public static string? Owner(uint idx, uint val)
    {
        foreach (var id in All)
        {
            if (id.Idx == idx && id.Val == val)
            {
                return id.Owner;
            }
        }

        return null;
    }

    private static ulong MaskOfSmallIdxWithVal1()
    {
        var mask = 0UL;
        foreach (var id in All)
        {
            if (id.Val == 1 && id.Idx < 64)
            {
                mask |= 1UL << (int)id.Idx;
            }
        }

        return mask;
    }

    private static KernelOwnedId[] OthersThanSmallIdxWithVal1()
    {
        var others = new System.Collections.Generic.List<KernelOwnedId>();
        foreach (var id in All)
        {
            if (id.Val != 1 || id.Idx >= 64)
            {
                others.Add(id);
            }
        }

        return others.ToArray();
    }
}
