namespace KernelConnector.ProcessEvents;

/// <summary>The fields of <c>/proc/&lt;pid&gt;/stat</c> the process table uses.</summary>
/// <param name="Comm">Field 2, the command name.</param>
/// <param name="State">Field 3: R, S, D, Z (zombie), …</param>
/// <param name="ParentPid">Field 4.</param>
/// <param name="SessionId">Field 6.</param>
/// <param name="StartTicks">Field 22: the start time in clock ticks since boot.</param>
internal readonly record struct StatFields(string Comm, char State, int ParentPid, int SessionId, ulong StartTicks);
