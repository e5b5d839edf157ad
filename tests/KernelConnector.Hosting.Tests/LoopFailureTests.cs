using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using KernelConnector.ProcessEvents;
using KernelConnector.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit;

namespace KernelConnector.Hosting.Tests;

/// <summary>
/// A process-event receive loop that dies stops the host with exit code 1 (so that systemd's
/// Restart=on-failure restarts the service); a stop the host asked for leaves the exit code 0.
/// The loop is killed for real: the socket's descriptor is replaced under it with /dev/null, so
/// that its next receive fails (ENOTSOCK) as a broken socket would.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed partial class LoopFailureTests
{
    [LibraryImport("libc", SetLastError = true)]
    private static partial int dup2(int oldFd, int newFd);

    private static IHost Build(bool stopHost)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        builder.Services.AddProcessEvents(o =>
        {
            o.Details = ProcessDetails.Arguments;
            o.StopHostOnFailure = stopHost;
        });
        return builder.Build();
    }

    /// <summary>The descriptor of this process's netlink socket bound to <paramref name="portId"/>, found through /proc/net/netlink's inode.</summary>
    private static int DescriptorOf(uint portId)
    {
        // Columns: sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode.
        var inode = File.ReadLines("/proc/net/netlink").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Single(f => f[1] == "11" && uint.Parse(f[2], CultureInfo.InvariantCulture) == portId)[9];
        return new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Where(link => link.LinkTarget == $"socket:[{inode}]")
            .Select(link => int.Parse(link.Name, CultureInfo.InvariantCulture))
            .Single();
    }

    private static uint PortOf(IHost host) =>
        uint.Parse(host.Services.GetFakeLogCollector().GetSnapshot().Single(r => r.Id.Id == 1).StructuredState!
            .Single(p => p.Key == "PortId").Value!, CultureInfo.InvariantCulture);

    private static void BreakSocket(IHost host)
    {
        using var devNull = File.OpenHandle("/dev/null");
        Assert.True(dup2((int)devNull.DangerousGetHandle(), DescriptorOf(PortOf(host))) >= 0, "dup2 failed");
    }

    /// <summary>A kernel test, with the process exit code reset around it.</summary>
    private static Task RunWithExitCodeResetAsync(Func<Task> test)
    {
        KernelRequirement.Require();
        return ExitCode.ResetAroundAsync(test);
    }

    [Fact]
    public async Task A_receive_loop_that_dies_stops_the_host_with_exit_code_1()
    {
        await RunWithExitCodeResetAsync(async () =>
        {
            using var host = Build(stopHost: true);
            await host.StartAsync(TestContext.Current.CancellationToken);
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);

            BreakSocket(host);

            // Nothing but the failure stops this host; then it stops in order, as a service's Main would wait for it.
            await Wait.UntilAsync(() => lifetime.ApplicationStopping.IsCancellationRequested, "the dead loop to stop the host");
            await host.WaitForShutdownAsync(TestContext.Current.CancellationToken);
            Assert.True(lifetime.ApplicationStopped.IsCancellationRequested);
            Assert.Equal(ProcessEventsOptions.FailureExitCode, Environment.ExitCode);
            Assert.Equal(1, Environment.ExitCode);
            var logs = host.Services.GetFakeLogCollector().GetSnapshot();
            var failed = Assert.Single(logs, r => r.Id.Id == 5);
            Assert.Equal(LogLevel.Critical, failed.Level);
            Assert.Contains("errno 88", failed.Exception!.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task With_StopHostOnFailure_off_a_dead_loop_leaves_the_host_running_and_the_exit_code_0()
    {
        await RunWithExitCodeResetAsync(async () =>
        {
            using var host = Build(stopHost: false);
            await host.StartAsync(TestContext.Current.CancellationToken);
            BreakSocket(host);
            await Wait.UntilAsync(() => host.Services.GetFakeLogCollector().GetSnapshot().Any(r => r.Id.Id == 5), "the loop's failure to be logged");

            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
            Assert.Equal(0, Environment.ExitCode);
            await host.StopAsync(TestContext.Current.CancellationToken);
        });
    }

    [Fact]
    public async Task A_stop_the_host_asked_for_leaves_the_exit_code_0()
    {
        await RunWithExitCodeResetAsync(async () =>
        {
            using var host = Build(stopHost: true);
            var logs = await AskedStop.RunAsync(host);

            Assert.Equal(0, Environment.ExitCode);
            Assert.DoesNotContain(logs, r => r.Id.Id == 5);
            Assert.Single(logs, r => r.Id.Id == 2);
        });
    }
}
