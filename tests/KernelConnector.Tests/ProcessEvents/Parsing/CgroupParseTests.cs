using System;
using System.Linq;
using System.Text;
using KernelConnector.ProcessEvents;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Parsing;

/// <summary>Which line gives <see cref="CgroupMembership.Path"/>, and text that is not a cgroup file.</summary>
public sealed class CgroupParseTests
{
    [Fact]
    public void Without_a_unified_line_the_named_systemd_hierarchy_gives_the_path()
    {
        var membership = CgroupMembership.Parse("""
            3:cpu,cpuacct:/system.slice
            2:memory:/user.slice
            1:name=systemd:/user.slice/user-1000.slice/user@1000.service/init.scope
            """);

        Assert.Equal("/user.slice/user-1000.slice/user@1000.service/init.scope", membership.Path);
        Assert.Equal(3, membership.Lines.Count);
    }

    [Fact]
    public void Without_unified_or_systemd_lines_the_first_line_gives_the_path()
    {
        var membership = CgroupMembership.Parse("4:memory:/batch/job-17\n3:cpu:/batch\n");

        Assert.Equal("/batch/job-17", membership.Path);
        Assert.Equal(new CgroupLine(4, "memory", "/batch/job-17"), membership.Lines[0]);
        Assert.Null(membership.Container);
    }

    [Fact]
    public void A_cgroup_name_may_contain_colons()
    {
        var membership = CgroupMembership.Parse("0::/srv/a:b:c\n");

        Assert.Equal(new CgroupLine(0, "", "/srv/a:b:c"), Assert.Single(membership.Lines));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("no colons here")]
    [InlineData("0:/")]
    [InlineData("x::/")]
    [InlineData("-1::/")]
    [InlineData(" 0::/")]
    [InlineData("0::")]
    [InlineData("0::relative/path")]
    [InlineData("99999999999::/")]
    [InlineData("\0\u00ff\ufffd::\u0001/")]
    public void Malformed_text_gives_no_lines_and_an_empty_path(string text)
    {
        var membership = CgroupMembership.Parse(text);

        Assert.Empty(membership.Lines);
        Assert.Equal("", membership.Path);
        Assert.Null(membership.Container);
    }

    [Fact]
    public void Malformed_lines_are_skipped_and_the_good_ones_kept()
    {
        var membership = CgroupMembership.Parse("garbage\n2:memory:/docker/90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f2\n:::\n0::/init.scope\n");

        Assert.Equal(2, membership.Lines.Count);
        Assert.Equal("/init.scope", membership.Path);
        Assert.Equal(new ProcessContainer(ContainerRuntime.Docker, "90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f2"), membership.Container);
    }

    [Fact]
    public void A_huge_line_is_read_without_trouble()
    {
        // 200,000 levels of "deep/": a megabyte on one line.
        var text = "0::/" + string.Concat(Enumerable.Repeat("deep/", 200_000)) + "docker-4e245d30e5b6a88d5f480ca8e29ca5aff7088955910b9af17bb5d5130402a440.scope";

        var membership = CgroupMembership.Parse(text);

        Assert.Equal(new ProcessContainer(ContainerRuntime.Docker, "4e245d30e5b6a88d5f480ca8e29ca5aff7088955910b9af17bb5d5130402a440"), membership.Container);
        Assert.Equal(1 + 1_000_000 + 77, membership.Path.Length);
    }

    [Fact]
    public void Random_text_made_of_cgroup_tokens_never_throws()
    {
        // Random bytes rarely form "id::/" at all; pieces of real paths reach the id, escape and
        // pod uid parsers with every truncation and neighbour.
        string[] tokens =
        [
            "0", "1", "12", ":", "::", "/", "/", "/", "\n", "name=systemd", "cpu,cpuacct", "docker", "docker-", ".scope", ".slice",
            "kubepods", "-pod", "pod", "_", "-", "burstable", "cri-containerd", "crio-", "libpod-", "conmon-", "machine-",
            "\\x", "\\x2", "\\x2d", "lxc", "lxc.payload", "lxc.payload.", "lxc.monitor", " (deleted)", "a4a42a4e",
            "90c821870556f8d2d56353edcdd36a040af64420bf3ce027965dc596c3d136f2", "0123456789abcdef", "\u00e9", "\0",
        ];
        string[] heads = ["0::/", "1:name=systemd:/", "4:memory:/", "", ":", "7:"];
        var random = new Random(1234);
        var text = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            text.Clear();
            for (var lines = random.Next(1, 5); lines > 0; lines--)
            {
                text.Append(heads[random.Next(heads.Length)]);
                for (var count = random.Next(1, 16); count > 0; count--)
                {
                    text.Append(tokens[random.Next(tokens.Length)]);
                }

                text.Append('\n');
            }

            var membership = CgroupMembership.Parse(text.ToString());

            Assert.All(membership.Lines, line => Assert.StartsWith("/", line.Path, StringComparison.Ordinal));
            Assert.True(membership.Container is null || membership.Container.Id.Length > 0, text.ToString());
        }
    }
}
