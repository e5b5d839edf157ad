using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;

namespace KernelConnector.Tests.Support;

/// <summary>
/// Runs a built sample as the user nobody (setpriv drops root). The sample is copied first into a
/// directory anyone can read: the checkout may sit below a directory only root can enter (a
/// mktemp clone is mode 700), and nobody must be able to load the assemblies and keep a home.
/// </summary>
internal static class Unprivileged
{
    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Enterable = Readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static async Task<ProcessRunner.Result> RunSampleAsync(string sample, params string[] arguments)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("setpriv and the kernel connector are Linux only.");
        }

        var root = Path.Combine(Path.GetTempPath(), "kc-unprivileged-" + Guid.NewGuid().ToString("N"));
        try
        {
            var bin = Path.Combine(root, "bin");
            Copy(Path.GetDirectoryName(Repository.SampleAssembly(sample))!, bin);
            var home = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
            File.SetUnixFileMode(root, Enterable);
            File.SetUnixFileMode(home, Enterable | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.StickyBit);
            return await ProcessRunner.RunAsync(
                "setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", Path.Combine(bin, sample + ".dll"), .. arguments],
                Path.GetTempPath(), new Dictionary<string, string?> { ["HOME"] = home, ["DOTNET_CLI_HOME"] = home }, TimeSpan.FromSeconds(60));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        File.SetUnixFileMode(to, Enterable);
        foreach (var file in Directory.GetFiles(from))
        {
            var target = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, target);
            File.SetUnixFileMode(target, Readable);
        }

        foreach (var directory in Directory.GetDirectories(from))
        {
            Copy(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
