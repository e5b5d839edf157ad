using System;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace KernelConnector.Tests.Support;

/// <summary>Runs a built sample and checks a refusal the way every sample promises it: one line, one exit code.</summary>
internal static class SampleCli
{
    public static Task<ProcessRunner.Result> RunAsync(string sample, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [Repository.SampleAssembly(sample), .. arguments], Path.GetTempPath(), timeout: TimeSpan.FromSeconds(60));

    /// <summary>The documented exit code, no stack trace, and exactly one line that starts with the program's name.</summary>
    public static void AssertRefused(ProcessRunner.Result result, string program, int exitCode, string reason)
    {
        Assert.True(exitCode == result.ExitCode, $"expected exit code {exitCode}: {result}");
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        var line = Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(program + ": ", line, StringComparison.Ordinal);
        Assert.Contains(reason, line, StringComparison.Ordinal);
    }
}
