using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using KernelConnector.ProcessEvents;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Parsing;

/// <summary><see cref="CgroupMembership.TryRead"/> against the real <c>/proc</c>.</summary>
public sealed class CgroupReadTests
{
    [Fact]
    public void Reading_this_process_gives_what_parsing_its_file_gives()
    {
        var expected = CgroupMembership.Parse(File.ReadAllText("/proc/self/cgroup"));

        var membership = CgroupMembership.TryRead(System.Environment.ProcessId);

        Assert.NotNull(membership);
        Assert.NotEmpty(membership.Lines);
        Assert.Equal(expected.Lines, membership.Lines);
        Assert.Equal(expected.Path, membership.Path);
        Assert.Equal(expected.Container, membership.Container);
    }

    [Fact]
    public void A_process_that_has_exited_gives_null()
    {
        using var process = Process.Start("/bin/true")!;
        process.WaitForExit();

        Assert.Null(CgroupMembership.TryRead(process.Id));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_pid_that_cannot_exist_gives_null_even_where_a_directory_has_its_name(int pid)
    {
        var root = Directory.CreateTempSubdirectory("cgroup-root-");
        try
        {
            var dir = Path.Combine(root.FullName, pid.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "cgroup"), "0::/init.scope\n");

            Assert.Null(CgroupMembership.TryRead(pid, root.FullName));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Another_proc_root_is_read_instead()
    {
        var root = Directory.CreateTempSubdirectory("cgroup-root-");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "42"));
            File.WriteAllText(Path.Combine(root.FullName, "42", "cgroup"), "0::/system.slice/docker-4e245d30e5b6a88d5f480ca8e29ca5aff7088955910b9af17bb5d5130402a440.scope\n");

            var membership = CgroupMembership.TryRead(42, root.FullName);

            Assert.NotNull(membership);
            Assert.Equal(new ProcessContainer(ContainerRuntime.Docker, "4e245d30e5b6a88d5f480ca8e29ca5aff7088955910b9af17bb5d5130402a440"), membership.Container);
            Assert.Null(CgroupMembership.TryRead(43, root.FullName));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_file_longer_than_one_read_is_read_whole()
    {
        var root = Directory.CreateTempSubdirectory("cgroup-root-");
        try
        {
            // 13 controller lines of about 1,000 characters each (several reads) come before the line that names the container.
            var text = new StringBuilder();
            for (var id = 13; id > 0; id--)
            {
                text.Append(CultureInfo.InvariantCulture, $"{id}:controller{id:D2}:/").Append('x', 1000 - 16).Append('\n');
            }

            text.Append("0::/machine.slice/libpod-7aea458e975b0da3b9a92fc5173c6975d706f2733d79a42ffe78fef2bf1b5227.scope\n");
            Directory.CreateDirectory(Path.Combine(root.FullName, "7"));
            File.WriteAllText(Path.Combine(root.FullName, "7", "cgroup"), text.ToString());

            var membership = CgroupMembership.TryRead(7, root.FullName);

            Assert.NotNull(membership);
            Assert.Equal(14, membership.Lines.Count);
            Assert.Equal("/machine.slice/libpod-7aea458e975b0da3b9a92fc5173c6975d706f2733d79a42ffe78fef2bf1b5227.scope", membership.Path);
            Assert.Equal(new ProcessContainer(ContainerRuntime.Podman, "7aea458e975b0da3b9a92fc5173c6975d706f2733d79a42ffe78fef2bf1b5227"), membership.Container);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
