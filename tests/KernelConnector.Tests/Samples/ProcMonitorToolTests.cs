using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Tests.Packaging;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.Samples;

/// <summary>
/// ProcMonitor as users get it outside the repository: a dotnet tool installed from a feed, and a
/// native (NativeAOT) binary. Both build from a copy of the sources, so that they never race the
/// build that is running the tests.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ProcMonitorToolTests(ProcMonitorSourceCopy copy) : IClassFixture<ProcMonitorSourceCopy>
{
    private const string Version = "99.0.0-tooltest";

    [Fact]
    public async Task Packed_as_a_dotnet_tool_it_installs_and_runs_as_procmonitor()
    {
        var feed = Path.Combine(copy.Work, "feed");
        var pack = await PackageTests.Dotnet(copy.Root, "pack", "samples/ProcMonitor", "-c", "Release", "-o", feed, $"-p:Version={Version}");
        Assert.True(pack.ExitCode == 0, $"dotnet pack failed: {pack}");
        Assert.True(File.Exists(Path.Combine(feed, $"KernelConnector.ProcMonitor.{Version}.nupkg")), pack.ToString());

        // A cache of its own, so that no earlier run's package of the same version is installed instead.
        var tools = Path.Combine(copy.Work, "tools");
        var environment = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = Path.Combine(copy.Work, "packages"),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        var install = await ProcessRunner.RunAsync("dotnet",
            ["tool", "install", "--tool-path", tools, "--add-source", feed, "KernelConnector.ProcMonitor", "--version", Version],
            copy.Work, environment, TimeSpan.FromMinutes(5));
        Assert.True(install.ExitCode == 0, $"dotnet tool install failed: {install}");

        var procmonitor = Path.Combine(tools, "procmonitor");
        var help = await ProcessRunner.RunAsync(procmonitor, ["--help"], copy.Work, timeout: TimeSpan.FromMinutes(1));
        Assert.True(help.ExitCode == 0, help.ToString());
        foreach (var option in new[] { "--events", "--json", "--extra", "--pid", "--user", "--name", "--container", "--cgroup", "--process-stats", "--priority-boost", "--realtime", "--duration" })
        {
            Assert.Contains(option, help.Output, StringComparison.Ordinal);
        }

        AssertRefusedSpawn(await ProcessRunner.RunAsync(procmonitor, ["--events", "spawn"], copy.Work, timeout: TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Published_with_native_AOT_it_builds_without_trim_or_AOT_warnings_and_runs()
    {
        // Warnings stay warnings here, so that this test sees them itself instead of relying on
        // the build's TreatWarningsAsErrors.
        var output = Path.Combine(copy.Work, "native");
        var publish = await PackageTests.Dotnet(copy.Root,
            "publish", "samples/ProcMonitor", "-c", "Release", "-r", "linux-x64", "-o", output, "-p:TreatWarningsAsErrors=false");
        Assert.True(publish.ExitCode == 0, $"dotnet publish failed: {publish}");
        Assert.DoesNotContain("warning IL", publish.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("AOT analysis warning", publish.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(": warning ", publish.Output, StringComparison.Ordinal);

        // A native executable: no ProcMonitor.dll beside it to run on the JIT.
        var native = Path.Combine(output, "ProcMonitor");
        Assert.True(File.Exists(native), publish.ToString());
        Assert.False(File.Exists(Path.Combine(output, "ProcMonitor.dll")), "the publish output holds a managed ProcMonitor.dll: not a native AOT build");
        var elf = new byte[4];
        using (var stream = File.OpenRead(native))
        {
            stream.ReadExactly(elf);
        }

        Assert.Equal(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }, elf);

        var help = await ProcessRunner.RunAsync(native, ["--help"], copy.Work, timeout: TimeSpan.FromMinutes(1));
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("--events", help.Output, StringComparison.Ordinal);
        AssertRefusedSpawn(await ProcessRunner.RunAsync(native, ["--events", "spawn"], copy.Work, timeout: TimeSpan.FromMinutes(1)));
    }

    private static void AssertRefusedSpawn(ProcessRunner.Result result)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("procmonitor: unknown event 'spawn'", line, StringComparison.Ordinal);
    }
}

/// <summary>A copy of what ProcMonitor builds from, shared by <see cref="ProcMonitorToolTests"/>.</summary>
public sealed class ProcMonitorSourceCopy : IDisposable
{
    public ProcMonitorSourceCopy()
    {
        Directory.CreateDirectory(Root);
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "README.md", "LICENSE", ".editorconfig" })
        {
            File.Copy(Path.Combine(Repository.Root, file), Path.Combine(Root, file));
        }

        PackageTests.CopySources(Path.Combine(Repository.Root, "src"), Path.Combine(Root, "src"));
        PackageTests.CopySources(Path.Combine(Repository.Root, "samples", "ProcMonitor"), Path.Combine(Root, "samples", "ProcMonitor"));
    }

    public string Work { get; } = Directory.CreateTempSubdirectory("kc-tool-").FullName;

    public string Root => Path.Combine(Work, "repo");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the test result is what matters.
        }
    }
}
