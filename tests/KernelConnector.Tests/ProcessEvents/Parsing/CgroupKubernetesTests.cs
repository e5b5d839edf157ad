using KernelConnector.ProcessEvents;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Parsing;

/// <summary>Kubernetes containers, from whole <c>/proc/PID/cgroup</c> texts, with the pod uid the kubelet's cgroup names carry.</summary>
public sealed class CgroupKubernetesTests
{
    [Fact]
    public void Containerd_burstable_with_the_cgroupfs_driver_on_a_hybrid_host()
    {
        var membership = CgroupMembership.Parse("""
            12:hugetlb:/kubepods/burstable/poda4a42a4e-12b3-4a3b-8cf5-a65f77c2103d/494869fe1116b7dae814fe749bb370cdc370516ab9542b45b5e8348bf0dc50fd
            11:memory:/kubepods/burstable/poda4a42a4e-12b3-4a3b-8cf5-a65f77c2103d/494869fe1116b7dae814fe749bb370cdc370516ab9542b45b5e8348bf0dc50fd
            10:cpu,cpuacct:/kubepods/burstable/poda4a42a4e-12b3-4a3b-8cf5-a65f77c2103d/494869fe1116b7dae814fe749bb370cdc370516ab9542b45b5e8348bf0dc50fd
            9:pids:/kubepods/burstable/poda4a42a4e-12b3-4a3b-8cf5-a65f77c2103d/494869fe1116b7dae814fe749bb370cdc370516ab9542b45b5e8348bf0dc50fd
            1:name=systemd:/kubepods/burstable/poda4a42a4e-12b3-4a3b-8cf5-a65f77c2103d/494869fe1116b7dae814fe749bb370cdc370516ab9542b45b5e8348bf0dc50fd
            0::/
            """);

        Assert.Equal(
            new ProcessContainer(ContainerRuntime.Containerd, "494869fe1116b7dae814fe749bb370cdc370516ab9542b45b5e8348bf0dc50fd") { KubernetesPodUid = "a4a42a4e-12b3-4a3b-8cf5-a65f77c2103d" },
            membership.Container);
        Assert.Equal("/", membership.Path);
        Assert.Equal(6, membership.Lines.Count);
    }

    [Fact]
    public void Containerd_besteffort_with_the_cgroupfs_driver_on_cgroup_v2()
    {
        var membership = CgroupMembership.Parse("0::/kubepods/besteffort/podce7055da-6ffd-44f2-9d24-8f4596a25edd/cb0c3ad131349f75a43078f4843557d787b00e39636229f6d2ca59c0f89ba3ec\n");

        Assert.Equal(
            new ProcessContainer(ContainerRuntime.Containerd, "cb0c3ad131349f75a43078f4843557d787b00e39636229f6d2ca59c0f89ba3ec") { KubernetesPodUid = "ce7055da-6ffd-44f2-9d24-8f4596a25edd" },
            membership.Container);
        Assert.Equal("/kubepods/besteffort/podce7055da-6ffd-44f2-9d24-8f4596a25edd/cb0c3ad131349f75a43078f4843557d787b00e39636229f6d2ca59c0f89ba3ec", membership.Path);
    }

    [Fact]
    public void Containerd_guaranteed_pod_has_no_qos_level()
    {
        var membership = CgroupMembership.Parse("0::/kubepods/pod5d497b19-a651-4eb1-ad44-b11293d1164d/d2e592d897e36511f4fa16929d8f76ce7a9d70e33da040fc3a966661935bf1b9\n");

        Assert.Equal(
            new ProcessContainer(ContainerRuntime.Containerd, "d2e592d897e36511f4fa16929d8f76ce7a9d70e33da040fc3a966661935bf1b9") { KubernetesPodUid = "5d497b19-a651-4eb1-ad44-b11293d1164d" },
            membership.Container);
    }

    [Fact]
    public void Containerd_with_the_systemd_driver_restores_the_dashes_of_the_pod_uid()
    {
        var membership = CgroupMembership.Parse("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podbf786f33_cd8c_430d_9758_b543a2834c6d.slice/cri-containerd-ac58b96bf45a13168a7688bf0df0f589c9e87f6d4e4758ead682ac8b0819ad46.scope\n");

        Assert.Equal(
            new ProcessContainer(ContainerRuntime.Containerd, "ac58b96bf45a13168a7688bf0df0f589c9e87f6d4e4758ead682ac8b0819ad46") { KubernetesPodUid = "bf786f33-cd8c-430d-9758-b543a2834c6d" },
            membership.Container);
    }

    [Fact]
    public void Containerd_guaranteed_static_pod_with_the_systemd_driver_has_a_hash_for_uid()
    {
        var membership = CgroupMembership.Parse("0::/kubepods.slice/kubepods-pod32885d19bbf59d3c6a88d29fe82a12a1.slice/cri-containerd-def9c908f7f1930735a93f5799bc5ebaf93daa00a49795261a8d832b76b49adb.scope\n");

        Assert.Equal(
            new ProcessContainer(ContainerRuntime.Containerd, "def9c908f7f1930735a93f5799bc5ebaf93daa00a49795261a8d832b76b49adb") { KubernetesPodUid = "32885d19bbf59d3c6a88d29fe82a12a1" },
            membership.Container);
    }

    [Fact]
    public void Containerd_systemd_driver_colon_form_in_the_named_systemd_hierarchy()
    {
        var membership = CgroupMembership.Parse("""
            5:memory:/
            1:name=systemd:/system.slice/containerd.service/kubepods-besteffort-podc4e4806f_6685_4e49_8010_5a1d19f9a97b.slice:cri-containerd:90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f2
            """);

        Assert.Equal(
            new ProcessContainer(ContainerRuntime.Containerd, "90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f2") { KubernetesPodUid = "c4e4806f-6685-4e49-8010-5a1d19f9a97b" },
            membership.Container);
        Assert.Equal("/system.slice/containerd.service/kubepods-besteffort-podc4e4806f_6685_4e49_8010_5a1d19f9a97b.slice:cri-containerd:90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f2", membership.Path);
    }

    [Fact]
    public void Cri_o_with_the_systemd_driver_on_cgroup_v2()
    {
        var membership = CgroupMembership.Parse("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-podd7392169_8f34_46be_ba96_1c4eb469e55b.slice/crio-4e245d30e5b6a88d5f480ca8e29ca5aff7088955910b9af17bb5d5130402a440.scope\n");

        Assert.Equal(
            new ProcessContainer(ContainerRuntime.CriO, "4e245d30e5b6a88d5f480ca8e29ca5aff7088955910b9af17bb5d5130402a440") { KubernetesPodUid = "d7392169-8f34-46be-ba96-1c4eb469e55b" },
            membership.Container);
    }

    [Fact]
    public void Cri_o_container_child_cgroup_keeps_the_pod_of_the_scope()
    {
        var membership = CgroupMembership.Parse("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podbf786f33_cd8c_430d_9758_b543a2834c6d.slice/crio-6e1f9a1c0a589171dab7629886130464b7dadbafcd5287e250146e805820dca6.scope/container\n");

        Assert.Equal(
            new ProcessContainer(ContainerRuntime.CriO, "6e1f9a1c0a589171dab7629886130464b7dadbafcd5287e250146e805820dca6") { KubernetesPodUid = "bf786f33-cd8c-430d-9758-b543a2834c6d" },
            membership.Container);
    }

    [Fact]
    public void Cri_o_with_the_cgroupfs_driver_on_a_hybrid_host()
    {
        var membership = CgroupMembership.Parse("""
            11:memory:/kubepods/burstable/poda4a42a4e-12b3-4a3b-8cf5-a65f77c2103d/crio-3375a7eeb59f088c0c33e97988bad133576e47f73b6d7b8d62d04bcded0b5540
            10:cpu,cpuacct:/kubepods/burstable/poda4a42a4e-12b3-4a3b-8cf5-a65f77c2103d/crio-3375a7eeb59f088c0c33e97988bad133576e47f73b6d7b8d62d04bcded0b5540
            1:name=systemd:/kubepods/burstable/poda4a42a4e-12b3-4a3b-8cf5-a65f77c2103d/crio-3375a7eeb59f088c0c33e97988bad133576e47f73b6d7b8d62d04bcded0b5540
            """);

        Assert.Equal(
            new ProcessContainer(ContainerRuntime.CriO, "3375a7eeb59f088c0c33e97988bad133576e47f73b6d7b8d62d04bcded0b5540") { KubernetesPodUid = "a4a42a4e-12b3-4a3b-8cf5-a65f77c2103d" },
            membership.Container);
        Assert.Equal("/kubepods/burstable/poda4a42a4e-12b3-4a3b-8cf5-a65f77c2103d/crio-3375a7eeb59f088c0c33e97988bad133576e47f73b6d7b8d62d04bcded0b5540", membership.Path);
    }

    [Fact]
    public void Docker_under_the_kubelet_with_the_systemd_driver()
    {
        var membership = CgroupMembership.Parse("""
            12:memory:/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-podce7055da_6ffd_44f2_9d24_8f4596a25edd.slice/docker-7aea458e975b0da3b9a92fc5173c6975d706f2733d79a42ffe78fef2bf1b5227.scope
            1:name=systemd:/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-podce7055da_6ffd_44f2_9d24_8f4596a25edd.slice/docker-7aea458e975b0da3b9a92fc5173c6975d706f2733d79a42ffe78fef2bf1b5227.scope
            0::/
            """);

        Assert.Equal(
            new ProcessContainer(ContainerRuntime.Docker, "7aea458e975b0da3b9a92fc5173c6975d706f2733d79a42ffe78fef2bf1b5227") { KubernetesPodUid = "ce7055da-6ffd-44f2-9d24-8f4596a25edd" },
            membership.Container);
    }

    [Fact]
    public void Kind_nests_the_kubelet_cgroups_under_its_own()
    {
        var membership = CgroupMembership.Parse("0::/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/kubelet-kubepods-burstable-pod5d497b19_a651_4eb1_ad44_b11293d1164d.slice/cri-containerd-985e9bd47049f4e49f80eaf015a76a9a0d3a4e35ef9cf17c099d5f783cc2a22c.scope\n");

        Assert.Equal(
            new ProcessContainer(ContainerRuntime.Containerd, "985e9bd47049f4e49f80eaf015a76a9a0d3a4e35ef9cf17c099d5f783cc2a22c") { KubernetesPodUid = "5d497b19-a651-4eb1-ad44-b11293d1164d" },
            membership.Container);
    }
}
