using System;
using System.IO;

namespace KernelConnector.Tests.Support;

/// <summary>Finds the repository the tests were built from.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

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
