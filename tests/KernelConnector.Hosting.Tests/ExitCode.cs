using System;
using System.Threading.Tasks;

namespace KernelConnector.Hosting.Tests;

/// <summary>For tests of the process exit code (in the <see cref="ProcessWideCollection"/>).</summary>
internal static class ExitCode
{
    /// <summary>Runs a test that reads the process exit code from 0, and puts it back to 0 after, so that the test process's own exit code never carries a test's failure.</summary>
    public static async Task ResetAroundAsync(Func<Task> test)
    {
        Environment.ExitCode = 0;
        try
        {
            await test();
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }
}
