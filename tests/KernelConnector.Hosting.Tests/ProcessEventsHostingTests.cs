using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.ProcessEvents;
using KernelConnector.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using KernelConnector.Tests.Shared;
using Xunit;

namespace KernelConnector.Hosting.Tests;

/// <summary>Process events in a host, as a service would run them: registration, start, observers, logs, metrics, health, stop.</summary>
public sealed class ProcessEventsHostingTests
{
    private sealed class RecordingObserver : IProcessEventObserver
    {
        public ConcurrentQueue<(ProcEventKind Kind, int Tgid, bool ThreadEvent, string? Name)> Seen { get; } = new();

        public void OnEvent(in ProcEvent ev, ProcessRecord? process) =>
            Seen.Enqueue((ev.What, ev.ThreadGroupId, ev.ProcessId != ev.ThreadGroupId, process?.DisplayName));
    }

    private sealed class FailingObserver : IProcessEventObserver
    {
        public void OnEvent(in ProcEvent ev, ProcessRecord? process) => throw new InvalidOperationException("observer bug");
    }

    private static IHost Build(Action<IServiceCollection>? more = null, Action<ProcessEventsOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        builder.Services.AddProcessEvents(configure ?? (o => o.Details = ProcessDetails.Arguments));
        builder.Services.AddSingleton<RecordingObserver>();
        builder.Services.AddSingleton<IProcessEventObserver>(provider => provider.GetRequiredService<RecordingObserver>());
        builder.Services.AddHealthChecks().AddProcessEventsCheck();
        more?.Invoke(builder.Services);
        return builder.Build();
    }

    private static async Task<int> RunSleepAsync()
    {
        using var process = Process.Start("/bin/sleep", "0.2")!;
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return process.Id;
    }

    [Fact]
    public async Task The_host_runs_the_loop_names_processes_for_observers_counts_logs_once_and_stops()
    {
        KernelRequirement.Require();
        using var host = Build();
        var meters = host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var events = new MetricCollector<long>(meters, ProcessEventsMetrics.MeterName, "kernelconnector.process.events");
        using var lost = new MetricCollector<long>(meters, ProcessEventsMetrics.MeterName, "kernelconnector.process.events.lost");
        using var resynchronizations = new MetricCollector<long>(meters, ProcessEventsMetrics.MeterName, "kernelconnector.process.resynchronizations");

        // Before the first event, a collection has every kind and the loss counters, at 0: a
        // series that appears only at its first increment leaves rate() and alerts blind until then.
        host.Services.GetRequiredService<ProcessEventsMetrics>();
        events.RecordObservableInstruments();
        lost.RecordObservableInstruments();
        resynchronizations.RecordObservableInstruments();
        var first = events.GetMeasurementSnapshot(clear: true);
        Assert.Equal(ProcessEventNames.Kinds, first.Select(m => (string)m.Tags[ProcessEventNames.KindAttribute]!));
        Assert.All(first, m => Assert.Equal(0, m.Value));
        Assert.Equal(0, Assert.Single(lost.GetMeasurementSnapshot()).Value);
        Assert.Equal(0, Assert.Single(resynchronizations.GetMeasurementSnapshot()).Value);
        await host.StartAsync(TestContext.Current.CancellationToken);

        var health = host.Services.GetRequiredService<HealthCheckService>();
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(TestContext.Current.CancellationToken)).Status);

        var pid = await RunSleepAsync();
        var observer = host.Services.GetRequiredService<RecordingObserver>();
        await Wait.UntilAsync(() => observer.Seen.Any(s => s.Kind == ProcEventKind.Exit && s.Tgid == pid && !s.ThreadEvent), "the exit of /bin/sleep");
        Assert.Contains(observer.Seen, s => s.Kind == ProcEventKind.Exec && s.Tgid == pid && s.Name == "/bin/sleep 0.2");
        Assert.Equal("/bin/sleep 0.2", observer.Seen.Last(s => s.Kind == ProcEventKind.Exit && s.Tgid == pid).Name);

        // The table is a service of its own: any component can ask who a pid was.
        var table = host.Services.GetRequiredService<ProcessTable>();
        Assert.Equal(0, table.Find(pid)!.Exit!.ExitStatus);

        await host.StopAsync(TestContext.Current.CancellationToken);

        // Stopped, the counts are final: each kind's is what the observers were handed.
        events.RecordObservableInstruments();
        var counted = events.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags[ProcessEventNames.KindAttribute]!, m => m.Value);
        Assert.Equal(ProcessEventNames.Kinds.ToDictionary(k => k, k => (long)observer.Seen.Count(s => ProcessEventNames.Kind(s.Kind) == k)), counted);
        Assert.True(counted["exec"] >= 1);
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync(TestContext.Current.CancellationToken)).Status);

        var logs = host.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == typeof(ProcessEventsService).FullName).ToList();
        Assert.Equal(1, logs.Count(r => r.Id.Id == 1));
        var stopped = Assert.Single(logs, r => r.Id.Id == 2);
        Assert.Matches(@"Stopped listening to process events: [1-9]\d* events, 0 lost, 0 resynchronisations, 0 observer failures", stopped.Message);
        Assert.Equal(2, logs.Count);
    }

    [Fact]
    public async Task A_failing_observer_is_logged_once_counted_always_and_does_not_stop_the_others()
    {
        KernelRequirement.Require();
        using var host = Build(services => services.AddProcessEventObserver<FailingObserver>());
        await host.StartAsync(TestContext.Current.CancellationToken);
        var first = await RunSleepAsync();
        var second = await RunSleepAsync();
        var observer = host.Services.GetRequiredService<RecordingObserver>();
        await Wait.UntilAsync(() => observer.Seen.Any(s => s.Kind == ProcEventKind.Exit && s.Tgid == second && !s.ThreadEvent), "the second exit");
        Assert.Contains(observer.Seen, s => s.Kind == ProcEventKind.Exit && s.Tgid == first);
        await host.StopAsync(TestContext.Current.CancellationToken);

        var logs = host.Services.GetFakeLogCollector().GetSnapshot();
        var failure = Assert.Single(logs, r => r.Id.Id == 4);
        Assert.IsType<InvalidOperationException>(failure.Exception);
        var stopped = Assert.Single(logs, r => r.Id.Id == 2);
        Assert.Matches(@", ([6-9]|\d{2,}) observer failures$", stopped.Message);
    }

    private sealed class NiceObserver : IProcessEventObserver
    {
        public TaskCompletionSource<int> Nice { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // Observers run on the receive thread.
        public void OnEvent(in ProcEvent ev, ProcessRecord? process) => Nice.TrySetResult(ThreadNice.Current());
    }

    [Fact]
    public async Task A_priority_boost_in_the_options_reaches_the_receive_thread()
    {
        KernelRequirement.Require();
        using var host = Build(services => services.AddProcessEventObserver<NiceObserver>(), o => { o.Details = ProcessDetails.Arguments; o.PriorityBoost = 3; });
        await host.StartAsync(TestContext.Current.CancellationToken);
        await RunSleepAsync();
        var observer = host.Services.GetServices<IProcessEventObserver>().OfType<NiceObserver>().Single();
        var nice = await observer.Nice.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(ThreadNice.Process() - 3, nice);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_warm_up_runs_when_the_options_ask_and_no_observer_sees_its_made_up_events(bool warmUp)
    {
        KernelRequirement.Require();
        using var host = Build(configure: o => { o.Details = ProcessDetails.Arguments; o.WarmUp = warmUp; });
        await host.StartAsync(TestContext.Current.CancellationToken);
        var service = host.Services.GetServices<IHostedService>().OfType<ProcessEventsService>().Single();

        // On: at least four rounds with a quarter of a second after each, so not done at the start.
        Assert.Equal(!warmUp, service.WarmUpCompletion.IsCompleted);
        await service.WarmUpCompletion.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var pid = await RunSleepAsync();
        var observer = host.Services.GetRequiredService<RecordingObserver>();
        await Wait.UntilAsync(() => observer.Seen.Any(s => s.Kind == ProcEventKind.Exit && s.Tgid == pid), "the exit of /bin/sleep");

        // This test host never execs: an exec of its own pid could only be the warm-up's.
        Assert.DoesNotContain(observer.Seen, s => s.Kind == ProcEventKind.Exec && s.Tgid == Environment.ProcessId);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_batch_delay_in_the_options_still_names_a_short_program_and_delivers_its_exit()
    {
        KernelRequirement.Require();
        // Half a second: a loop that read the exec only when its nap ended would often find this
        // 0.2-second program gone; the exec rings it awake instead.
        using var host = Build(configure: o => { o.Details = ProcessDetails.Arguments; o.BatchDelay = TimeSpan.FromMilliseconds(500); });
        await host.StartAsync(TestContext.Current.CancellationToken);
        var observer = host.Services.GetRequiredService<RecordingObserver>();
        for (var i = 0; i < 3; i++)
        {
            var pid = await RunSleepAsync();
            await Wait.UntilAsync(() => observer.Seen.Any(s => s.Kind == ProcEventKind.Exit && s.Tgid == pid && !s.ThreadEvent), "the exit of /bin/sleep");
            Assert.Contains(observer.Seen, s => s.Kind == ProcEventKind.Exec && s.Tgid == pid && s.Name == "/bin/sleep 0.2");
        }

        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData(10, 4096, 0, "ReceiveBufferSize must be 4096 bytes to 1 GiB, not 10.")]
    [InlineData(8 << 20, -1, 0, "RetainExited cannot be negative (-1).")]
    [InlineData(8 << 20, 4096, 40, "PriorityBoost must be 0 to 39 nice levels, not 40.")]
    [InlineData(8 << 20, 4096, 0, "BatchDelay must be 0 to 1 second, not 00:00:02.", 2000)]
    [InlineData(8 << 20, 4096, 0, "BatchDelay must be 0 to 1 second, not -00:00:00.0010000.", -1)]
    [InlineData(8 << 20, 4096, 0, "AcknowledgementTimeout must be from 1 ms to 49.7 days, not 00:00:00.0005000.", 0, 0.5)]
    [InlineData(8 << 20, 4096, 0, "AcknowledgementTimeout must be from 1 ms to 49.7 days, not 60.00:00:00.", 0, 60 * 86_400_000.0)]
    [InlineData(8 << 20, 4096, 0, "AcknowledgementTimeout must be from 1 ms to 49.7 days, not -00:00:00.0010000.", 0, -1.0)]
    public async Task Options_that_cannot_work_fail_the_start_with_the_reason(int buffer, int retain, int boost, string reason, int delayMs = 0, double acknowledgeMs = 5000)
    {
        using var host = Build(configure: o => { o.ReceiveBufferSize = buffer; o.RetainExited = retain; o.PriorityBoost = boost; o.BatchDelay = TimeSpan.FromMilliseconds(delayMs); o.AcknowledgementTimeout = TimeSpan.FromMilliseconds(acknowledgeMs); });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains(reason, error.Failures);
    }
}
