using System.Collections.Generic;
using KernelConnector.ProcessEvents;

namespace ProcessAgent;

/// <summary>
/// A named set of processes whose events are counted on their own
/// (<c>processagent.scope.events</c>): every criterion that is set must hold, as in
/// <see cref="ProcessFilter"/>. Patterns take <c>*</c> and <c>?</c>.
/// </summary>
public sealed class ScopeOptions
{
    /// <summary>Cgroup path patterns (the cgroup v2 path, e.g. <c>/system.slice/nginx.service</c>).</summary>
    public List<string> Cgroups { get; set; } = [];

    /// <summary>Command name, executable file name or first argument patterns.</summary>
    public List<string> Names { get; set; } = [];

    /// <summary>User names or numeric uids (the real user).</summary>
    public List<string> Users { get; set; } = [];

    /// <summary>Container id prefixes or machine names; <c>*</c> any container, <c>-</c> the host.</summary>
    public List<string> Containers { get; set; } = [];

    /// <summary>The filter these criteria make.</summary>
    public ProcessFilter ToFilter() => new()
    {
        Cgroups = [.. Cgroups],
        Names = [.. Names],
        Users = [.. Users],
        Containers = [.. Containers],
    };
}
