using System.Collections.Generic;
using KernelConnector.Shared;

namespace KernelConnector;

/// <summary>
/// A connector callback id, <c>struct cb_id { __u32 idx; __u32 val; }</c> of <c>&lt;linux/connector.h&gt;</c>:
/// <paramref name="Idx"/> names the user (and its default multicast group), <paramref name="Val"/> the message.
/// </summary>
public readonly record struct CbId(uint Idx, uint Val)
{
    /// <summary>Process events (<c>CN_IDX_PROC</c>, <c>CN_VAL_PROC</c>): the kernel's <c>cn_proc</c>.</summary>
    public static CbId Proc => Of(KernelOwnedIds.Proc);

    /// <summary>CIFS upcalls (<c>CN_IDX_CIFS</c>, <c>CN_VAL_CIFS</c>).</summary>
    public static CbId Cifs => Of(KernelOwnedIds.Cifs);

    /// <summary>The 1-Wire bus (<c>CN_W1_IDX</c>, <c>CN_W1_VAL</c>).</summary>
    public static CbId W1 => Of(KernelOwnedIds.W1);

    /// <summary>The uvesafb frame buffer's v86d helper (<c>CN_IDX_V86D</c>, <c>CN_VAL_V86D_UVESAFB</c>).</summary>
    public static CbId V86dUvesafb => Of(KernelOwnedIds.V86dUvesafb);

    /// <summary>The distributed storage target (<c>CN_DST_IDX</c>, <c>CN_DST_VAL</c>).</summary>
    public static CbId Dst => Of(KernelOwnedIds.Dst);

    /// <summary>Device mapper userspace log (<c>CN_IDX_DM</c>, <c>CN_VAL_DM_USERSPACE_LOG</c>).</summary>
    public static CbId DmUserspaceLog => Of(KernelOwnedIds.DmUserspaceLog);

    /// <summary>DRBD (<c>CN_IDX_DRBD</c>, <c>CN_VAL_DRBD</c>).</summary>
    public static CbId Drbd => Of(KernelOwnedIds.Drbd);

    /// <summary>Hyper-V key-value pair exchange (<c>CN_KVP_IDX</c>, <c>CN_KVP_VAL</c>).</summary>
    public static CbId HyperVKvp => Of(KernelOwnedIds.HyperVKvp);

    /// <summary>Hyper-V volume shadow copy (<c>CN_VSS_IDX</c>, <c>CN_VSS_VAL</c>).</summary>
    public static CbId HyperVVss => Of(KernelOwnedIds.HyperVVss);

    /// <summary>
    /// The connector's reserved control id <c>{0xFFFFFFFF, 0xFFFFFFFF}</c>, once used for id
    /// notification requests (removed from Linux in 2010).
    /// </summary>
    public static CbId Control => new(uint.MaxValue, uint.MaxValue);

    /// <summary>
    /// Every <c>{idx, val}</c> pair that <c>&lt;linux/connector.h&gt;</c> assigns to an in-kernel user.
    /// (<c>CN_IDX_BB</c>, an idx without a val for a module outside the kernel, is not one.)
    /// </summary>
    public static IReadOnlyList<CbId> KernelOwned { get; } = System.Array.ConvertAll(KernelOwnedIds.All, Of);

    /// <summary>Whether this id belongs to an in-kernel connector user, so that only port 0 may send it.</summary>
    public bool IsKernelOwned => KernelOwnedIds.Contains(Idx, Val);

    /// <inheritdoc />
    public override string ToString() => $"{{{Idx}, {Val}}}";

    private static CbId Of(KernelOwnedId id) => new(id.Idx, id.Val);
}
