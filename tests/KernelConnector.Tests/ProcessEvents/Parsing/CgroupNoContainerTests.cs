using KernelConnector.ProcessEvents;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Parsing;

/// <summary>Paths that look close to a container's but are not one: host units, runtime monitors, malformed ids.</summary>
public sealed class CgroupNoContainerTests
{
    [Theory]
    [InlineData("0::/user.slice/user-0.slice/session-3.scope")]
    [InlineData("0::/system.slice/ssh.service")]
    [InlineData("0::/")]
    [InlineData("0::/init.scope")]
    [InlineData("0::/system.slice/docker.service")]
    [InlineData("0::/system.slice/containerd.service")]
    [InlineData("0::/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-firefox-4242.scope")]
    [InlineData("0::/machine.slice")]
    [InlineData("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podbf786f33_cd8c_430d_9758_b543a2834c6d.slice")]
    [InlineData("0::/kubepods/burstable/poda4a42a4e-12b3-4a3b-8cf5-a65f77c2103d")]
    public void Host_and_pod_level_paths(string text)
    {
        Assert.Null(CgroupMembership.Parse(text).Container);
    }

    [Theory]
    [InlineData("0::/machine.slice/libpod-conmon-7aea458e975b0da3b9a92fc5173c6975d706f2733d79a42ffe78fef2bf1b5227.scope")]
    [InlineData("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-podd7392169_8f34_46be_ba96_1c4eb469e55b.slice/crio-conmon-4e245d30e5b6a88d5f480ca8e29ca5aff7088955910b9af17bb5d5130402a440.scope")]
    [InlineData("11:memory:/kubepods/burstable/poda4a42a4e-12b3-4a3b-8cf5-a65f77c2103d/crio-conmon-3375a7eeb59f088c0c33e97988bad133576e47f73b6d7b8d62d04bcded0b5540")]
    [InlineData("0::/lxc.monitor.web1")]
    [InlineData("10:memory:/lxc.monitor/web1")]
    [InlineData("0::/lxc.pivot")]
    public void Runtime_monitors_are_not_containers(string text)
    {
        Assert.Null(CgroupMembership.Parse(text).Container);
    }

    [Theory]
    [InlineData("0::/docker/90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f")] // 63 digits
    [InlineData("0::/docker/90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f2a")] // 65 digits
    [InlineData("0::/docker/90C821870556F8D2D56353EDCDD36A040AF64420BF3CE027965DC596C3D136F2")] // uppercase
    [InlineData("0::/docker/90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136g2")] // not hex
    [InlineData("0::/system.slice/docker-4e245d30e5b6a88d5f480ca8e29ca5aff7088955910b9af17bb5d5130402a44.scope")]
    [InlineData("0::/system.slice/docker-4E245D30E5B6A88D5F480CA8E29CA5AFF7088955910B9AF17BB5D5130402A440.scope")]
    [InlineData("0::/system.slice/docker-4e245d30e5b6a88d5f480ca8e29ca5aff7088955910b9af17bb5d5130402a4401.scope")] // 65 digits
    [InlineData("0::/machine.slice/libpod-7aea458e975b0da3b9a92fc5173c6975d706f2733d79a42ffe78fef2bf1b5227-old")]
    [InlineData("0::/machine.slice/libpod-7aea458e975b0da3b9a92fc5173c6975d706f2733d79a42ffe78fef2bf1b522.scope")]
    [InlineData("0::/kubepods/burstable/poda4a42a4e-12b3-4a3b-8cf5-a65f77c2103d/494869fe1116b7dae814fe749bb370cdc370516ab9542b45b5e8348bf0dc50f")]
    [InlineData("0::/kubepods/burstable/podA4A42A4E-12B3-4A3B-8CF5-A65F77C2103D/494869fe1116b7dae814fe749bb370cdc370516ab9542b45b5e8348bf0dc50fd")] // pod uid in uppercase
    [InlineData("0::/srv/494869fe1116b7dae814fe749bb370cdc370516ab9542b45b5e8348bf0dc50fd")] // a bare id under no runtime's directory
    [InlineData("0::/burstable/poda4a42a4e-12b3-4a3b-8cf5-a65f77c2103d/494869fe1116b7dae814fe749bb370cdc370516ab9542b45b5e8348bf0dc50fd")] // no kubepods above the pod
    [InlineData("0::/system.slice/containerd.service/kubepods-besteffort-podc4e4806f_6685_4e49_8010_5a1d19f9a97b.slice:runc:90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f2")] // unknown runtime in the colon form
    public void Ids_that_are_not_exactly_64_lowercase_hex_digits(string text)
    {
        Assert.Null(CgroupMembership.Parse(text).Container);
    }

    [Fact]
    public void A_pod_uid_that_is_not_a_uuid_is_left_out_but_the_container_stays()
    {
        var membership = CgroupMembership.Parse("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podnot_a_uid.slice/cri-containerd-ac58b96bf45a13168a7688bf0df0f589c9e87f6d4e4758ead682ac8b0819ad46.scope");

        Assert.Equal(new ProcessContainer(ContainerRuntime.Containerd, "ac58b96bf45a13168a7688bf0df0f589c9e87f6d4e4758ead682ac8b0819ad46"), membership.Container);
    }

    [Fact]
    public void The_deleted_mark_of_a_zombie_does_not_hide_the_container()
    {
        var membership = CgroupMembership.Parse("0::/system.slice/docker-4e245d30e5b6a88d5f480ca8e29ca5aff7088955910b9af17bb5d5130402a440.scope (deleted)\n");

        Assert.Equal(new ProcessContainer(ContainerRuntime.Docker, "4e245d30e5b6a88d5f480ca8e29ca5aff7088955910b9af17bb5d5130402a440"), membership.Container);
        Assert.Equal("/system.slice/docker-4e245d30e5b6a88d5f480ca8e29ca5aff7088955910b9af17bb5d5130402a440.scope (deleted)", membership.Path);
    }
}
