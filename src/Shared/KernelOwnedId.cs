namespace KernelConnector.Shared;

/// <summary>
/// A connector id <c>&lt;linux/connector.h&gt;</c> assigns to an in-kernel connector user, with the
/// names the header gives its idx and val.
/// </summary>
/// <param name="Idx">The id's idx.</param>
/// <param name="Val">The id's val.</param>
/// <param name="IdxMacro">The header's name for <paramref name="Idx"/>, such as <c>CN_IDX_PROC</c>.</param>
/// <param name="ValMacro">The header's name for <paramref name="Val"/>, such as <c>CN_VAL_PROC</c>.</param>
/// <param name="Owner">Who sends and receives it in the kernel, as a diagnostic names it.</param>
internal sealed record KernelOwnedId(uint Idx, uint Val, string IdxMacro, string ValMacro, string Owner);
