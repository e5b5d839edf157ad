using System.Collections.Generic;

namespace KernelConnector;

/// <summary>
/// A connector callback id, <c>struct cb_id { __u32 idx; __u32 val; }</c> of <c>&lt;linux/connector.h&gt;</c>:
/// <paramref name="Idx"/> names the user (and its default multicast group), <paramref name="Val"/> the message.
/// </summary>
public readonly record struct CbId(uint Idx, uint Val)
{
    /// <summary>Process events (<c>CN_IDX_PROC</c>, <c>CN_VAL_PROC</c>): the kernel's <c>cn_proc</c>.</summary>
    public static CbId Proc => new(1, 1);

    /// <summary>CIFS upcalls (<c>CN_IDX_CIFS</c>, <c>CN_VAL_CIFS</c>).</summary>
    public static CbId Cifs => new(2, 1);

    /// <summary>The 1-Wire bus (<c>CN_W1_IDX</c>, <c>CN_W1_VAL</c>).</summary>
    public static CbId W1 => new(3, 1);

    /// <summary>The uvesafb frame buffer's v86d helper (<c>CN_IDX_V86D</c>, <c>CN_VAL_V86D_UVESAFB</c>).</summary>
    public static CbId V86dUvesafb => new(4, 1);

    /// <summary>The distributed storage target (<c>CN_DST_IDX</c>, <c>CN_DST_VAL</c>).</summary>
    public static CbId Dst => new(6, 1);

    /// <summary>Device mapper userspace log (<c>CN_IDX_DM</c>, <c>CN_VAL_DM_USERSPACE_LOG</c>).</summary>
    public static CbId DmUserspaceLog => new(7, 1);

    /// <summary>DRBD (<c>CN_IDX_DRBD</c>, <c>CN_VAL_DRBD</c>).</summary>
    public static CbId Drbd => new(8, 1);

    /// <summary>Hyper-V key-value pair exchange (<c>CN_KVP_IDX</c>, <c>CN_KVP_VAL</c>).</summary>
    public static CbId HyperVKvp => new(9, 1);

    /// <summary>Hyper-V volume shadow copy (<c>CN_VSS_IDX</c>, <c>CN_VSS_VAL</c>).</summary>
    public static CbId HyperVVss => new(10, 1);

    /// <summary>
    /// The connector's reserved control id <c>{0xFFFFFFFF, 0xFFFFFFFF}</c>, once used for id
    /// notification requests (removed from Linux in 2010).
    /// </summary>
    public static CbId Control => new(uint.MaxValue, uint.MaxValue);

    /// <summary>Every id that <c>&lt;linux/connector.h&gt;</c> assigns to an in-kernel user.</summary>
    public static IReadOnlyList<CbId> KernelOwned { get; } =
        [Proc, Cifs, W1, V86dUvesafb, Dst, DmUserspaceLog, Drbd, HyperVKvp, HyperVVss];

    /// <summary>Whether this id belongs to an in-kernel connector user, so that only port 0 may send it.</summary>
    public bool IsKernelOwned => Val == 1 && Idx is >= 1 and <= 10 and not 5;

    /// <inheritdoc />
    public override string ToString() => $"{{{Idx}, {Val}}}";
}
