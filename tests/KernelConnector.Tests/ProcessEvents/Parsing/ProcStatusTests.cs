using KernelConnector.ProcessEvents;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Parsing;

/// <summary><see cref="ProcStatus"/> from <c>/proc/PID/status</c> fixtures.</summary>
public sealed class ProcStatusTests
{
    [Fact]
    public void A_process_in_a_container_has_two_levels_of_namespace_ids()
    {
        const string Text = """
            Name:	php-fpm
            Umask:	0022
            State:	S (sleeping)
            Tgid:	48213
            Ngid:	0
            Pid:	48213
            PPid:	48190
            TracerPid:	0
            Uid:	33	0	0	0
            Gid:	33	33	33	33
            FDSize:	64
            Groups:	33 
            NStgid:	48213	29
            NSpid:	48213	29
            NSpgid:	48190	1
            NSsid:	48190	1
            Kthread:	0
            VmPeak:	  221644 kB
            VmSize:	  221580 kB
            Threads:	3
            SigQ:	0/62890
            Cpus_allowed_list:	0-3
            voluntary_ctxt_switches:	157
            nonvoluntary_ctxt_switches:	2

            """;

        Assert.True(ProcStatus.TryParse(Text, out var status));

        Assert.Equal("php-fpm", status.Name);
        Assert.Equal(48213, status.Tgid);
        Assert.Equal(48190, status.PPid);
        Assert.Equal(33u, status.Uid);
        Assert.Equal(0u, status.EffectiveUid);
        Assert.Equal(33u, status.Gid);
        Assert.Equal(33u, status.EffectiveGid);
        Assert.Equal([48213, 29], status.NamespaceTgids);
        Assert.Equal([48213, 29], status.NamespacePids);
        Assert.Equal([48190, 1], status.NamespaceSessionIds);
        Assert.Equal(3, status.Threads);
    }

    [Fact]
    public void A_thread_of_a_process_shows_its_own_pid_and_the_group_s_tgid()
    {
        const string Text = "Name:\tworker\nTgid:\t700\nPid:\t705\nPPid:\t1\nUid:\t1000\t1000\t1000\t1000\nGid:\t100\t5\t5\t5\nNStgid:\t700\t12\nNSpid:\t705\t17\nNSsid:\t690\t1\nThreads:\t9\n";

        Assert.True(ProcStatus.TryParse(Text, out var status));

        Assert.Equal(700, status.Tgid);
        Assert.Equal([700, 12], status.NamespaceTgids);
        Assert.Equal([705, 17], status.NamespacePids);
        Assert.Equal([690, 1], status.NamespaceSessionIds);
        Assert.Equal(1000u, status.Uid);
        Assert.Equal(100u, status.Gid);
        Assert.Equal(5u, status.EffectiveGid);
        Assert.Equal(9, status.Threads);
    }

    [Fact]
    public void A_kernel_before_4_1_prints_no_namespace_lines()
    {
        const string Text = """
            Name:	sshd
            State:	S (sleeping)
            Tgid:	1021
            Ngid:	0
            Pid:	1021
            PPid:	1
            TracerPid:	0
            Uid:	0	0	0	0
            Gid:	0	0	0	0
            FDSize:	128
            Groups:	
            VmPeak:	   65512 kB
            Threads:	1
            """;

        Assert.True(ProcStatus.TryParse(Text, out var status));

        Assert.Equal("sshd", status.Name);
        Assert.Equal(1021, status.Tgid);
        Assert.Equal(1, status.PPid);
        Assert.Empty(status.NamespaceTgids);
        Assert.Empty(status.NamespacePids);
        Assert.Empty(status.NamespaceSessionIds);
        Assert.Equal(1, status.Threads);
    }

    [Theory]
    [InlineData("Name:\tWeb Content\n", "Web Content")]
    [InlineData("Name:\ttab\there\n", "tab\there")]
    [InlineData("Name:\tevil\\nname\n", "evil\nname")]
    [InlineData("Name:\tback\\\\slash\n", "back\\slash")]
    [InlineData("Name:\t\n", "")]
    [InlineData("Name:\t padded \n", " padded ")]
    public void The_name_is_everything_after_the_tab_with_the_kernel_s_escapes_undone(string nameLine, string expected)
    {
        var text = nameLine + "Tgid:\t5\nPPid:\t1\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n";

        Assert.True(ProcStatus.TryParse(text, out var status));
        Assert.Equal(expected, status.Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage without structure")]
    [InlineData("Tgid:\t5\nPPid:\t1\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n")] // no Name
    [InlineData("Name:\tx\nPPid:\t1\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n")] // no Tgid
    [InlineData("Name:\tx\nTgid:\t5\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n")] // no PPid
    [InlineData("Name:\tx\nTgid:\t5\nPPid:\t1\nGid:\t0\t0\t0\t0\n")] // no Uid
    [InlineData("Name:\tx\nTgid:\t5\nPPid:\t1\nUid:\t0\t0\t0\t0\n")] // no Gid
    [InlineData("Name:\tx\nTgid:\tfive\nPPid:\t1\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n")]
    [InlineData("Name:\tx\nTgid:\t5\nPPid:\t1\nUid:\t-1\t0\t0\t0\nGid:\t0\t0\t0\t0\n")]
    [InlineData("Name:\tx\nTgid:\t5\nPPid:\t1\nUid:\t0\nGid:\t0\t0\t0\t0\n")] // no effective uid
    public void Text_without_the_identity_fields_is_refused(string text)
    {
        Assert.False(ProcStatus.TryParse(text, out _));
    }

    [Fact]
    public void A_malformed_namespace_line_reads_as_missing()
    {
        const string Text = "Name:\tx\nTgid:\t5\nPPid:\t1\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nNSpid:\t5\tone\nNStgid:\t5\t1\n";

        Assert.True(ProcStatus.TryParse(Text, out var status));
        Assert.Empty(status.NamespacePids);
        Assert.Equal([5, 1], status.NamespaceTgids);
    }
}
