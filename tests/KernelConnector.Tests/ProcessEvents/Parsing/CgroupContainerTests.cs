using KernelConnector.ProcessEvents;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Parsing;

/// <summary>Containers outside Kubernetes, from whole <c>/proc/PID/cgroup</c> texts as each runtime and cgroup driver leaves them.</summary>
public sealed class CgroupContainerTests
{
    [Fact]
    public void Docker_with_the_cgroupfs_driver_on_a_hybrid_host()
    {
        var membership = CgroupMembership.Parse("""
            12:pids:/docker/90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f2
            11:memory:/docker/90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f2
            10:cpu,cpuacct:/docker/90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f2
            9:devices:/docker/90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f2
            8:freezer:/docker/90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f2
            7:net_cls,net_prio:/docker/90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f2
            6:blkio:/docker/90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f2
            5:perf_event:/docker/90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f2
            4:hugetlb:/docker/90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f2
            3:cpuset:/docker/90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f2
            2:rdma:/
            1:name=systemd:/docker/90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f2
            0::/system.slice/containerd.service

            """);

        Assert.Equal(new ProcessContainer(ContainerRuntime.Docker, "90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f2"), membership.Container);
        Assert.Equal("/system.slice/containerd.service", membership.Path);
        Assert.Equal(13, membership.Lines.Count);
        Assert.Equal(new CgroupLine(10, "cpu,cpuacct", "/docker/90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f2"), membership.Lines[2]);
        Assert.Equal(new CgroupLine(0, "", "/system.slice/containerd.service"), membership.Lines[12]);
    }

    [Fact]
    public void Docker_with_the_systemd_driver_on_cgroup_v2()
    {
        var membership = CgroupMembership.Parse("0::/system.slice/docker-4e245d30e5b6a88d5f480ca8e29ca5aff7088955910b9af17bb5d5130402a440.scope\n");

        Assert.Equal(new ProcessContainer(ContainerRuntime.Docker, "4e245d30e5b6a88d5f480ca8e29ca5aff7088955910b9af17bb5d5130402a440"), membership.Container);
        Assert.Equal("/system.slice/docker-4e245d30e5b6a88d5f480ca8e29ca5aff7088955910b9af17bb5d5130402a440.scope", membership.Path);
        Assert.Single(membership.Lines);
    }

    [Fact]
    public void Docker_in_docker_names_the_inner_container()
    {
        var membership = CgroupMembership.Parse("0::/docker/6e1f9a1c0a589171dab7629886130464b7dadbafcd5287e250146e805820dca6/docker/3375a7eeb59f088c0c33e97988bad133576e47f73b6d7b8d62d04bcded0b5540\n");

        Assert.Equal(new ProcessContainer(ContainerRuntime.Docker, "3375a7eeb59f088c0c33e97988bad133576e47f73b6d7b8d62d04bcded0b5540"), membership.Container);
    }

    [Fact]
    public void Podman_rootful_with_systemd()
    {
        var membership = CgroupMembership.Parse("0::/machine.slice/libpod-7aea458e975b0da3b9a92fc5173c6975d706f2733d79a42ffe78fef2bf1b5227.scope\n");

        Assert.Equal(new ProcessContainer(ContainerRuntime.Podman, "7aea458e975b0da3b9a92fc5173c6975d706f2733d79a42ffe78fef2bf1b5227"), membership.Container);
        Assert.Equal("/machine.slice/libpod-7aea458e975b0da3b9a92fc5173c6975d706f2733d79a42ffe78fef2bf1b5227.scope", membership.Path);
    }

    [Fact]
    public void Podman_rootless_in_the_container_child_cgroup()
    {
        var membership = CgroupMembership.Parse("0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-753540e1fb91566789010af39d84fd4cb4ed9de77cea4a225a5ba2b15d9df454.scope/container\n");

        Assert.Equal(new ProcessContainer(ContainerRuntime.Podman, "753540e1fb91566789010af39d84fd4cb4ed9de77cea4a225a5ba2b15d9df454"), membership.Container);
        Assert.Equal("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-753540e1fb91566789010af39d84fd4cb4ed9de77cea4a225a5ba2b15d9df454.scope/container", membership.Path);
    }

    [Fact]
    public void Podman_with_the_cgroupfs_manager_on_a_hybrid_host()
    {
        var membership = CgroupMembership.Parse("""
            11:pids:/libpod_parent/libpod-acb3b23e1f3805b496eed0e1b8d154ccae2e66ede9d14e2d49dd0b1462b222e2
            10:memory:/libpod_parent/libpod-acb3b23e1f3805b496eed0e1b8d154ccae2e66ede9d14e2d49dd0b1462b222e2
            9:cpu,cpuacct:/libpod_parent/libpod-acb3b23e1f3805b496eed0e1b8d154ccae2e66ede9d14e2d49dd0b1462b222e2
            1:name=systemd:/libpod_parent/libpod-acb3b23e1f3805b496eed0e1b8d154ccae2e66ede9d14e2d49dd0b1462b222e2
            0::/system.slice/cron.service
            """);

        Assert.Equal(new ProcessContainer(ContainerRuntime.Podman, "acb3b23e1f3805b496eed0e1b8d154ccae2e66ede9d14e2d49dd0b1462b222e2"), membership.Container);
        Assert.Equal("/system.slice/cron.service", membership.Path);
    }

    [Fact]
    public void A_podman_pod_under_machine_slice_is_podman_not_nspawn()
    {
        var membership = CgroupMembership.Parse("0::/machine.slice/machine-libpod_pod_985e9bd47049f4e49f80eaf015a76a9a0d3a4e35ef9cf17c099d5f783cc2a22c.slice/libpod-b1daafdcf1f4f2e457bcfb924b1ec9316a5bc18b66f11a27a3ed512ad8ca1339.scope\n");

        Assert.Equal(new ProcessContainer(ContainerRuntime.Podman, "b1daafdcf1f4f2e457bcfb924b1ec9316a5bc18b66f11a27a3ed512ad8ca1339"), membership.Container);
    }

    [Fact]
    public void Systemd_nspawn_payload_with_an_escaped_machine_name()
    {
        var membership = CgroupMembership.Parse("0::/machine.slice/machine-debian\\x2dtest.scope/payload\n");

        Assert.Equal(new ProcessContainer(ContainerRuntime.SystemdNspawn, "debian-test"), membership.Container);
        Assert.Equal("/machine.slice/machine-debian\\x2dtest.scope/payload", membership.Path);
    }

    [Theory]
    [InlineData("0::/machine.slice/machine-web\\x2.scope", "web\\x2")]
    [InlineData("0::/machine.slice/machine-web\\x.scope", "web\\x")]
    [InlineData("0::/machine.slice/machine-web\\xzz.scope", "web\\xzz")]
    [InlineData("0::/machine.slice/machine-caf\\xc3\\xa9.scope", "caf\u00e9")]
    public void Systemd_nspawn_escapes_are_undone_byte_by_byte_and_broken_ones_kept(string text, string name)
    {
        Assert.Equal(new ProcessContainer(ContainerRuntime.SystemdNspawn, name), CgroupMembership.Parse(text).Container);
    }

    [Fact]
    public void Systemd_nspawn_supervisor_on_a_hybrid_host()
    {
        var membership = CgroupMembership.Parse("""
            12:memory:/machine.slice/machine-fedora\x2d40.build.scope
            11:pids:/machine.slice/machine-fedora\x2d40.build.scope
            1:name=systemd:/machine.slice/machine-fedora\x2d40.build.scope/supervisor
            0::/machine.slice/machine-fedora\x2d40.build.scope/supervisor
            """);

        Assert.Equal(new ProcessContainer(ContainerRuntime.SystemdNspawn, "fedora-40.build"), membership.Container);
        Assert.Equal("/machine.slice/machine-fedora\\x2d40.build.scope/supervisor", membership.Path);
    }

    [Fact]
    public void Lxc_payload_with_systemd_inside_on_cgroup_v2()
    {
        var membership = CgroupMembership.Parse("0::/lxc.payload.web1/system.slice/nginx.service\n");

        Assert.Equal(new ProcessContainer(ContainerRuntime.Lxc, "web1"), membership.Container);
        Assert.Equal("/lxc.payload.web1/system.slice/nginx.service", membership.Path);
    }

    [Fact]
    public void Lxc_payload_directory_form_on_a_hybrid_host()
    {
        var membership = CgroupMembership.Parse("""
            10:memory:/lxc.payload/ubuntu-focal
            9:cpu,cpuacct:/lxc.payload/ubuntu-focal
            1:name=systemd:/lxc.payload/ubuntu-focal/init.scope
            0::/lxc.payload/ubuntu-focal/init.scope
            """);

        Assert.Equal(new ProcessContainer(ContainerRuntime.Lxc, "ubuntu-focal"), membership.Container);
        Assert.Equal("/lxc.payload/ubuntu-focal/init.scope", membership.Path);
    }

    [Fact]
    public void Lxc_before_version_4_without_a_unified_line()
    {
        var membership = CgroupMembership.Parse("""
            11:blkio:/lxc/db
            10:memory:/lxc/db
            4:cpu,cpuacct:/lxc/db
            1:name=systemd:/lxc/db/system.slice/postgresql.service
            """);

        Assert.Equal(new ProcessContainer(ContainerRuntime.Lxc, "db"), membership.Container);
        Assert.Equal("/lxc/db/system.slice/postgresql.service", membership.Path);
    }
}
