namespace KernelConnector.ProcessEvents;

/// <summary>One line of <c>/proc/PID/cgroup</c>: <c>hierarchy-ID:controller-list:cgroup-path</c>.</summary>
/// <param name="HierarchyId">The hierarchy id; 0 for the cgroup v2 (unified) hierarchy.</param>
/// <param name="Controllers">The controllers bound to the hierarchy, comma-separated (e.g. <c>cpu,cpuacct</c> or <c>name=systemd</c>); empty for cgroup v2.</param>
/// <param name="Path">The process's cgroup in that hierarchy, as the kernel printed it (relative to the reader's cgroup namespace).</param>
public sealed record CgroupLine(int HierarchyId, string Controllers, string Path);
