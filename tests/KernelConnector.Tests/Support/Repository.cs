using System;
using System.IO;

namespace KernelConnector.Tests.Support;

/// <summary>Finds the repository the tests were built from.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration these tests were built in; the samples are built in the same one.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The built assembly of a sample, which the solution build puts beside its project.</summary>
    public static string SampleAssembly(string name)
    {
        var path = Path.Combine(Root, "samples", name, "bin", Configuration, "net10.0", name + ".dll");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The {name} sample is not built at {path}: build the solution (dotnet build Generators.sln) first.");
        }

        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Generators.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Generators.sln above {AppContext.BaseDirectory}: the tests must run from a build of the repository.");
    }
}
