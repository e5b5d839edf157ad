using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;
using Xunit;

namespace KernelConnector.Hosting.Tests;

/// <summary>A stop the host asks for, as SIGTERM or Ctrl+C asks it, for the tests that show such a stop is never a failure.</summary>
internal static class AskedStop
{
    /// <summary>Starts <paramref name="host"/>, asks it to stop, waits until it has, and returns what it logged.</summary>
    public static async Task<IReadOnlyList<FakeLogRecord>> RunAsync(IHost host)
    {
        await host.StartAsync(TestContext.Current.CancellationToken);
        host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        await host.WaitForShutdownAsync(TestContext.Current.CancellationToken);
        return host.Services.GetFakeLogCollector().GetSnapshot();
    }
}
