using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.ProcessEvents;
using KernelConnector.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using Xunit;

namespace KernelConnector.Hosting.Tests;

/// <summary>Process events through the standard OpenTelemetry .NET SDK, read back with its in-memory exporter.</summary>
public sealed class OpenTelemetryLogRecordTests
{
    [Fact]
    public async Task Exec_and_exit_become_log_records_with_the_process_semantic_convention_attributes()
    {
        KernelRequirement.Require();
        var exported = new List<LogRecord>();
        using var host = await StartHostAsync(exported, o => o.Details = ProcessDetails.All);

        int pid, parent = Environment.ProcessId;
        // It lives 0.2 s, so that its exec is read while it runs.
        using (var process = Process.Start("/bin/sh", ["-c", "sleep 0.2; exit 3"])!)
        {
            pid = process.Id;
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        bool Is(LogRecord r, string name) => IsRecord(r, name, pid);
        await WaitForExitRecordAsync(exported, pid);

        await host.StopAsync(TestContext.Current.CancellationToken);
        var records = exported.ToArray();
        var exec = Attributes(records.Single(r => Is(r, "process.exec")));
        // A string[], which OpenTelemetry's exporters send as an array attribute, as its semantic
        // conventions want process.command_args (another list would be sent as its ToString()).
        Assert.Equal(new[] { "/bin/sh", "-c", "sleep 0.2; exit 3" }, Assert.IsType<string[]>(exec["process.command_args"]));
        Assert.Equal("sh", exec["process.executable.name"]);
        Assert.EndsWith("sh", (string)exec["process.executable.path"]!, StringComparison.Ordinal);
        Assert.Equal(parent, exec["process.parent_pid"]);
        Assert.Equal(Environment.UserName, exec["process.owner"]);

        var exit = Attributes(records.Single(r => Is(r, "process.exit")));
        Assert.Equal(3, exit["process.exit.code"]);
        Assert.True((double)exit["process.duration"]! > 0);
        Assert.Equal(LogLevel.Information, records.First(r => Is(r, "process.exit")).LogLevel);
    }

    [Fact]
    public async Task Without_the_command_name_or_credentials_an_exec_record_has_no_empty_name_or_unknown_owner()
    {
        // comm is not read at exec without ProcessDetails.CommandName; an empty attribute would
        // say "a program with no name", so it is left out.
        KernelRequirement.Require();
        var (records, pid) = await RunLoggedAsync(o => o.Details = ProcessDetails.Arguments, "-c", "sleep 0.2; exit 3");
        var exec = Attributes(records.Single(r => IsRecord(r, "process.exec", pid)));
        Assert.Equal(new[] { "/bin/sh", "-c", "sleep 0.2; exit 3" }, (IReadOnlyList<string>)exec["process.command_args"]!);
        Assert.False(exec.ContainsKey("process.executable.name"));

        // Nor an owner: without Credentials the table knows no user.
        Assert.False(exec.ContainsKey("process.owner"));
    }

    [Fact]
    public async Task A_process_killed_by_a_signal_is_logged_with_the_signal_and_no_exit_code()
    {
        KernelRequirement.Require();
        var (records, pid) = await RunLoggedAsync(_ => { }, "-c", "kill -KILL $$");
        var exit = Attributes(records.Single(r => IsRecord(r, "process.exit", pid)));
        Assert.Equal(9, exit["process.exit.signal"]);
        Assert.False(exit.ContainsKey("process.exit.code"));
    }

    [Fact]
    public async Task A_program_whose_main_thread_ends_first_is_logged_exiting_with_the_status_its_shell_sees()
    {
        // main calls pthread_exit after 0.1 s; its other thread calls exit(3) 0.3 s after the
        // start. The leader's own exit (status 0) is a thread's end; the process's exit record
        // carries status 3, from the last thread's exit.
        KernelRequirement.Require();
        var program = await CProgram.CompileAsync("leaderfirst", """
            #include <pthread.h>
            #include <stdlib.h>
            #include <unistd.h>

            static void *run(void *arg) { (void)arg; usleep(300000); exit(3); }

            int main(void)
            {
                pthread_t thread;
                if (pthread_create(&thread, NULL, run, NULL) != 0) return 1;
                usleep(100000);
                pthread_exit(NULL);
            }
            """);
        var exported = new List<LogRecord>();
        using var host = await StartHostAsync(exported, _ => { });

        int pid;
        using (var process = Process.Start(program)!)
        {
            pid = process.Id;
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(3, process.ExitCode);
        }

        bool Of(LogRecord r, string name) => IsRecord(r, name, pid);
        await WaitForExitRecordAsync(exported, pid);

        await host.StopAsync(TestContext.Current.CancellationToken);
        var records = exported.ToArray();
        var exit = Attributes(records.Single(r => Of(r, "process.exit")));
        Assert.Equal(3, exit["process.exit.code"]);
        Assert.True((double)exit["process.duration"]! >= 0.3);
        var leader = Attributes(records.Single(r => Of(r, "process.thread_exit") && !Attributes(r).ContainsKey("thread.id")));
        Assert.False(leader.ContainsKey("process.exit.code"));
    }

    /// <summary>A host with process events and their log records, exported to <paramref name="exported"/>.</summary>
    private static async Task<IHost> StartHostAsync(List<LogRecord> exported, Action<ProcessEventsOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddOpenTelemetry(o => o.AddInMemoryExporter(exported));
        builder.Services.AddProcessEvents(configure);
        builder.Services.AddProcessEventLogRecords();
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }

    /// <summary>Runs <c>/bin/sh</c> with <paramref name="arguments"/> under a host configured by <paramref name="configure"/>; the records once its exit was logged.</summary>
    private static async Task<(LogRecord[] Records, int Pid)> RunLoggedAsync(Action<ProcessEventsOptions> configure, params string[] arguments)
    {
        var exported = new List<LogRecord>();
        using var host = await StartHostAsync(exported, configure);
        int pid;
        using (var process = Process.Start("/bin/sh", arguments)!)
        {
            pid = process.Id;
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        await WaitForExitRecordAsync(exported, pid);
        await host.StopAsync(TestContext.Current.CancellationToken);
        return (exported.ToArray(), pid);
    }

    private static Dictionary<string, object?> Attributes(LogRecord r) => r.Attributes!.ToDictionary(a => a.Key, a => a.Value);

    private static bool IsRecord(LogRecord r, string name, int pid) => r.CategoryName == "KernelConnector.ProcessEvents.Records"
        && Attributes(r) is var a && a["event.name"] as string == name && (int)a["process.pid"]! == pid;

    private static async Task WaitForExitRecordAsync(List<LogRecord> exported, int pid)
    {
        var clock = Stopwatch.StartNew();
        while (!exported.ToArray().Any(r => IsRecord(r, "process.exit", pid)))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "no exit record");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
