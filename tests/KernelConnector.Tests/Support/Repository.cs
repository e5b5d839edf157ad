using System;
using System.IO;
using KernelConnector.Tests.Shared;

namespace KernelConnector.Tests.Support;

/// <summary>Finds the repository the tests were built from.</summary>
internal static class Repository
{
    public static string Root => RepositoryRoot.Path;

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
}
