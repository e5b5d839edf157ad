using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Xunit;

namespace KernelConnector.Tests.Transport;

internal static class Wait
{
    /// <summary>Polls until the condition holds; fails with <paramref name="what"/> after the time-out.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, double seconds = 10)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed.TotalSeconds > seconds)
            {
                Assert.Fail($"timed out after {seconds} s waiting for {what}");
            }

            await Task.Delay(10);
        }
    }
}
