namespace KernelConnector.ProcessEvents;

/// <summary>The container manager whose cgroup a process lives in, as its cgroup path shows it.</summary>
public enum ContainerRuntime
{
    /// <summary>Not in a container, or in one whose cgroup path names no known runtime.</summary>
    None,

    /// <summary>Docker (moby), with the cgroupfs or the systemd cgroup driver.</summary>
    Docker,

    /// <summary>containerd, under Kubernetes (CRI) or nerdctl.</summary>
    Containerd,

    /// <summary>CRI-O, the Kubernetes container runtime.</summary>
    CriO,

    /// <summary>Podman (libpod), rootful or rootless.</summary>
    Podman,

    /// <summary>A systemd-nspawn machine registered with systemd-machined.</summary>
    SystemdNspawn,

    /// <summary>LXC, and LXD/Incus, which run their containers through liblxc.</summary>
    Lxc,
}
