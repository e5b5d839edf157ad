using System;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Hosting;
using KernelConnector.ProcessEvents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using ProcessAgent;

// One agent per host: every process event recorded as a structured log record (an OpenTelemetry
// log record when OTLP is on), the process-event metrics served to Prometheus, optionally
// everything to an OpenTelemetry collector. A systemd service (Type=notify) in production.
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(AgentCommandLine.Help);
    return ExitCodes.Success;
}

if (!AgentCommandLine.TryCheck(args, out var usage))
{
    return Refuse(ExitCodes.Configuration, usage);
}

// appsettings.json is looked for beside the program, wherever systemd or a shell starts it. A file
// that does not parse is one line, not the builder's exception.
var files = new ConfigurationFiles();
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, Configuration = files.CreateConfiguration() });
if (files.Errors.Count != 0)
{
    return Refuse(ExitCodes.Configuration, "bad configuration: " + string.Join("; ", files.Errors));
}

builder.Configuration.AddCommandLine(args, AgentCommandLine.Switches);
if (!AgentConfiguration.TryRead(builder.Configuration, out var agent, out var errors))
{
    return Refuse(ExitCodes.Configuration, "bad configuration: " + string.Join("; ", errors));
}

builder.Services.AddSystemd();

// The json console formatter that writes a command line as a JSON array: ahead of the framework's
// formatter of that name, because the console provider takes the first formatter of each name.
builder.Services.Insert(0, ServiceDescriptor.Singleton<ConsoleFormatter, JsonRecordFormatter>());

// The host would log a start failure with its stack trace, and the health check a stopped loop
// after a stop as asked; the agent says what matters in one line instead.
builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.None);

// First, so that the port is taken (or refused) before the subscription.
var telemetry = builder.Services.AddOpenTelemetry()
    // One agent per host: the host names the instance, for a collector that gathers a fleet.
    .ConfigureResource(resource => resource
        .AddService("processagent", serviceInstanceId: Environment.MachineName)
        .AddAttributes([new("host.name", Environment.MachineName)]))
    .WithMetrics(metrics => metrics
        .AddMeter(ProcessEventsTelemetry.MeterName, ProcessEventsTelemetry.TransportMeterName, ScopeCounter.MeterName)
        .AddPrometheusHttpListener(o =>
        {
            // The exporter makes its prefix with UriBuilder, which cannot take '*' (every
            // address): it gets a host it can parse, and the listener the agent's own prefix.
            o.Host = agent.Listen;
            o.Port = agent.Port;
            o.ScrapeEndpointPath = AgentOptionsValidator.MetricsPath;
            o.ConfigureHttpListener = (_, listener) =>
            {
                listener.Prefixes.Clear();
                listener.Prefixes.Add(AgentOptionsValidator.ListenerPrefix(agent));
            };
        }));
if (agent.Otlp is { } collector)
{
    // The one line that ships metrics and the event records to a collector.
    telemetry.WithLogging().UseOtlpExporter(agent.OtlpProtocol == OtlpProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf, collector);
}

builder.Services.AddSingleton(agent);
builder.Services.AddProcessEvents();
builder.Services.Configure<ProcessEventsOptions>(builder.Configuration.GetSection("ProcessEvents"));
builder.Services.AddProcessEventLogRecords();
builder.Services.AddProcessEventObserver<ScopeCounter>();
builder.Services.AddHealthChecks().AddProcessEventsCheck();

// Building resolves the logging options too: whatever the checks above missed is still one line.
IHost? built = null;
try
{
    built = builder.Build();
    await built.StartAsync();
}
catch (Exception e)
{
    built?.Dispose();
    var (code, message) = Refusal.For(e, agent);
    return Refuse(code, message);
}

using var host = built;

await host.WaitForShutdownAsync();

// Stopped: as asked, or because the receive loop died, which stops the host by itself
// (ProcessEventsOptions.StopHostOnFailure); the health check keeps the failure.
var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
if (health.Entries.Values.FirstOrDefault(e => e.Exception is not null) is { Exception: { } failure })
{
    return Refuse(ExitCodes.Failure, "the receive loop failed: " + failure.Message);
}

return ExitCodes.Success;

static int Refuse(int exitCode, string message)
{
    // Each value the user gave is quoted escaped where it is named; this catches what the
    // framework's own messages carry (a JSON key with an ESC in it, for one).
    Console.Error.WriteLine("processagent: " + KernelConnector.Samples.RefusalText.OneLine(message));
    return exitCode;
}
