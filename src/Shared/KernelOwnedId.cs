namespace KernelConnector.Shared;

/// <summary>
/// A connector id <c>&lt;linux/connector.h&gt;</c> assigns to an in-kernel connector user, with the
/// names the header gives its idx and val.
/// </summary>
internal sealed class KernelOwnedId
{
    public KernelOwnedId(uint idx, uint val, string idxMacro, string valMacro, string owner)
    {
        Idx = idx;
        Val = val;
        IdxMacro = idxMacro;
        ValMacro = valMacro;
        Owner = owner;
    }

    public uint Idx { get; }

    public uint Val { get; }

    /// <summary>The header's name for <see cref="Idx"/>, such as <c>CN_IDX_PROC</c>.</summary>
    public string IdxMacro { get; }

    /// <summary>The header's name for <see cref="Val"/>, such as <c>CN_VAL_PROC</c>.</summary>
    public string ValMacro { get; }

    /// <summary>Who sends and receives it in the kernel, as a diagnostic names it.</summary>
    public string Owner { get; }
}
