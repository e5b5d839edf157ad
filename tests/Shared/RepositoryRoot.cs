using System;
using System.IO;

namespace KernelConnector.Tests.Shared;

/// <summary>
/// The repository a test or benchmark assembly was built from, found from the build output: the
/// compiler's file paths cannot be used, since CI builds map source paths away.
/// </summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Generators.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Generators.sln above {AppContext.BaseDirectory}: run from a build inside the repository.");
    }
}
