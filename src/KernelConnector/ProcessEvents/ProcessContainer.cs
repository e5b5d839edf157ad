namespace KernelConnector.ProcessEvents;

/// <summary>The container a process runs in, as read from its cgroup path.</summary>
/// <param name="Runtime">The runtime that created the container's cgroup.</param>
/// <param name="Id">
/// The container's full id: 64 lowercase hex digits for Docker, containerd, CRI-O and Podman; the
/// machine name for systemd-nspawn (with systemd's <c>\x2d</c> escapes undone); the container
/// name for LXC.
/// </param>
public sealed record ProcessContainer(ContainerRuntime Runtime, string Id)
{
    /// <summary>
    /// The uid of the Kubernetes pod the container belongs to, with dashes (as <c>kubectl</c>
    /// shows it), or <see langword="null"/> when the cgroup path names no pod.
    /// </summary>
    public string? KubernetesPodUid { get; init; }
}
