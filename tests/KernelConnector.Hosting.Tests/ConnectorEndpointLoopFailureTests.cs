using System;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Xunit;

namespace KernelConnector.Hosting.Tests;

/// <summary>
/// A hosted endpoint whose receive loop dies stops the host with exit code 1, as process events
/// do, and the endpoints' health check says which loop is gone and why. The loop is killed for
/// real: its endpoint is opened with <see cref="CallbackErrorPolicy.Stop"/>, so a negative reading
/// (which <see cref="ReadingHandlers"/> refuses by throwing) ends it with that failure. In the
/// process-wide collection because a dead loop sets the process exit code.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ConnectorEndpointLoopFailureTests
{
    private static readonly ConnectorEndpointOptions StopOnCallbackError = new() { Groups = [Reading.Group], CallbackErrors = CallbackErrorPolicy.Stop };

    /// <summary>A host with the endpoint for <see cref="ReadingHandlers"/> under <paramref name="key"/> (and, when keyed, a healthy unkeyed one for <see cref="AckHandlers"/>, which the readings' handler answers through).</summary>
    private static IHost Build(InMemoryConnector connector, object? key = null, Action<ConnectorEndpointHostingOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        builder.Services.AddSingleton<ReadingStore>();
        if (key is not null)
        {
            builder.Services.AddConnectorEndpoint<AckHandlers>(_ => connector.Open());
        }

        builder.Services.AddConnectorEndpoint<ReadingHandlers>(_ => connector.Open(StopOnCallbackError), key, configure);
        builder.Services.AddHealthChecks().AddConnectorEndpointsCheck();
        return builder.Build();
    }

    /// <summary>Sends a reading from <paramref name="peer"/>, which stays open: the handler answers a good reading to its port.</summary>
    private static void SendReading(IConnectorEndpoint peer, int value) =>
        peer.Send(new Reading { Sensor = 1, Value = value }, ConnectorAddress.Group(Reading.Group));

    private static Task<HealthReport> CheckAsync(IHost host) =>
        host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

    private static string DeathOf(string endpoint) =>
        $"The receive loop for {endpoint} stopped: The callback for connector id {Reading.Id} threw InvalidOperationException: negative reading";

    [Fact]
    public async Task A_receive_loop_that_dies_stops_the_host_with_exit_code_1_and_is_logged_once()
    {
        await ExitCode.ResetAroundAsync(async () =>
        {
            using var connector = new InMemoryConnector();
            using var host = Build(connector);
            await host.StartAsync(TestContext.Current.CancellationToken);
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            Assert.Equal(HealthStatus.Healthy, (await CheckAsync(host)).Status);

            using var peer = connector.Open();
            SendReading(peer, -1);

            // Nothing but the failure stops this host; then it stops in order, as a service's Main would wait for it.
            await Wait.UntilAsync(() => lifetime.ApplicationStopping.IsCancellationRequested, "the dead loop to stop the host");
            await host.WaitForShutdownAsync(TestContext.Current.CancellationToken);
            Assert.Equal(ConnectorEndpointHostingOptions.FailureExitCode, Environment.ExitCode);
            Assert.Equal(1, Environment.ExitCode);

            var logs = host.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == typeof(ConnectorEndpointService).FullName).ToList();
            var failed = Assert.Single(logs, r => r.Id.Id == 14);
            Assert.Equal(LogLevel.Critical, failed.Level);
            Assert.Equal("The receive loop for ReadingHandlers stopped", failed.Message);
            Assert.Equal("negative reading", Assert.IsType<ConnectorCallbackException>(failed.Exception).InnerException!.Message);
            Assert.Single(logs, r => r.Id.Id == 11);

            var report = (await CheckAsync(host)).Entries["connector-endpoints"];
            Assert.Equal(HealthStatus.Unhealthy, report.Status);
            Assert.Equal(DeathOf("ReadingHandlers"), report.Description);
        });
    }

    [Fact]
    public async Task With_StopHostOnFailure_off_the_host_runs_on_and_the_health_check_names_the_dead_endpoint_and_its_failure()
    {
        await ExitCode.ResetAroundAsync(async () =>
        {
            using var connector = new InMemoryConnector();
            using var host = Build(connector, key: "readings", configure: o => o.StopHostOnFailure = false);
            await host.StartAsync(TestContext.Current.CancellationToken);

            using var peer = connector.Open();
            SendReading(peer, -1);
            await Wait.UntilAsync(() => host.Services.GetFakeLogCollector().GetSnapshot().Any(r => r.Id.Id == 14), "the loop's failure to be logged");

            Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
            Assert.Equal(0, Environment.ExitCode);
            var report = (await CheckAsync(host)).Entries["connector-endpoints"];
            Assert.Equal(HealthStatus.Unhealthy, report.Status);
            Assert.Equal(DeathOf("ReadingHandlers (service key readings)"), report.Description);
            Assert.IsType<ConnectorCallbackException>(report.Exception);
            Assert.Equal(HealthStatus.Unhealthy, report.Data["ReadingHandlers (service key readings)"]);
            Assert.Equal(HealthStatus.Healthy, report.Data["AckHandlers"]);

            await host.StopAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, Environment.ExitCode);
        });
    }

    [Fact]
    public async Task A_stop_the_host_asked_for_leaves_the_exit_code_0_and_the_check_says_not_running()
    {
        await ExitCode.ResetAroundAsync(async () =>
        {
            using var connector = new InMemoryConnector();
            using var host = Build(connector);
            var logs = await AskedStop.RunAsync(host);

            Assert.Equal(0, Environment.ExitCode);
            Assert.DoesNotContain(logs, r => r.Id.Id == 14);
            Assert.Single(logs, r => r.Id.Id == 11);
            var report = (await CheckAsync(host)).Entries["connector-endpoints"];
            Assert.Equal(HealthStatus.Unhealthy, report.Status);
            Assert.Equal("The receive loop for ReadingHandlers is not running.", report.Description);
            Assert.Null(report.Exception);
        });
    }

    [Theory]
    [InlineData(24 * 60 * 60 * 1000, HealthStatus.Degraded, @"^Connector messages for ReadingHandlers were lost \d+ s ago\.$")]
    [InlineData(0, HealthStatus.Healthy, @"^Receiving on 1 connector endpoint\(s\)\.$")]
    public async Task A_loss_makes_the_endpoint_degraded_for_its_loss_window(int windowMilliseconds, HealthStatus status, string description)
    {
        // A queue of one datagram: the second of two sent before the loop reads overruns it. A
        // window of a day cannot end during the test; one of a tick has ended by the time the check looks.
        using var connector = new InMemoryConnector(queueCapacity: 1);
        var window = windowMilliseconds == 0 ? TimeSpan.FromTicks(1) : TimeSpan.FromMilliseconds(windowMilliseconds);
        using var host = Build(connector, configure: o => o.LossWindow = window);
        _ = host.Services.GetRequiredService<IConnectorEndpoint>();   // opened, and in the group, before the host starts its loop
        using var peer = connector.Open();
        SendReading(peer, 1);
        SendReading(peer, 2);
        await host.StartAsync(TestContext.Current.CancellationToken);
        await Wait.UntilAsync(() => host.Services.GetFakeLogCollector().GetSnapshot().Any(r => r.Id.Id == 12), "the loss to be logged");

        var report = (await CheckAsync(host)).Entries["connector-endpoints"];
        await host.StopAsync(TestContext.Current.CancellationToken);
        Assert.Equal(status, report.Status);
        Assert.Matches(description, report.Description);
    }

    [Fact]
    public async Task A_loss_window_that_cannot_work_fails_the_start_naming_the_endpoint()
    {
        using var connector = new InMemoryConnector();
        using var host = Build(connector, key: "readings", configure: o => o.LossWindow = TimeSpan.Zero);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        Assert.Equal(["LossWindow of the endpoint for ReadingHandlers (service key readings) must be positive, not 00:00:00."], error.Failures);
    }
}
