using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Xunit;

namespace KernelConnector.Hosting.Tests;

/// <summary>Waits for the state a test then asserts, never for a fixed time.</summary>
internal static class Wait
{
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"timed out waiting for {what}");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
