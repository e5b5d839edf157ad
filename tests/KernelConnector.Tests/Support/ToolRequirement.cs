using System;
using System.IO;
using Xunit;

namespace KernelConnector.Tests.Support;

/// <summary>
/// Guards tests that need a program the SDK does not bring: they skip with what to install, or
/// fail where CI requires the kernel tests (and installs the program).
/// </summary>
internal static class ToolRequirement
{
    public static void Require(string path, string package)
    {
        if (!File.Exists(path))
        {
            var reason = $"{Path.GetFileName(path)} is not installed ({path}; apt-get install {package})";
            if (Environment.GetEnvironmentVariable(KernelRequirement.RequireVariable) == "1")
            {
                Assert.Fail(reason);
            }

            Assert.Skip(reason);
        }
    }
}
