using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.Samples;

/// <summary>The process agent with OTLP on: event records and metrics reach a collector (here, a listener that keeps what it is sent).</summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ProcessAgentOtlpTests
{
    [Fact]
    public async Task With_one_setting_the_event_records_and_the_metrics_go_to_the_collector()
    {
        KernelRequirement.Require();
        var collectorPort = PrometheusServer.FreePort();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{collectorPort}/");
        collector.Start();
        var received = new ConcurrentQueue<(string Path, string Body)>();
        var receiving = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await collector.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);

                // Protobuf keeps strings as UTF-8 bytes: names and values can be looked for as text.
                received.Enqueue((context.Request.Url!.AbsolutePath, Encoding.UTF8.GetString(body.ToArray())));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });

        var directory = Directory.CreateTempSubdirectory("process-agent-otlp-").FullName;
        try
        {
            // The SDK's own variables shorten its export intervals from a minute and five seconds.
            using var agent = BackgroundProcess.Start("/usr/bin/env",
                ["OTEL_METRIC_EXPORT_INTERVAL=500", "OTEL_BLRP_SCHEDULE_DELAY=200", "dotnet", Repository.SampleAssembly("ProcessAgent"),
                 "--port", PrometheusServer.FreePort().ToString(CultureInfo.InvariantCulture),
                 "--otlp", $"http://127.0.0.1:{collectorPort}", "--ProcessAgent:OtlpProtocol", "HttpProtobuf"],
                directory, "agent");
            await agent.WaitForAsync(() => agent.Stdout.Contains("Listening to process events", StringComparison.Ordinal), "the agent to listen");

            var marker = "otlp-marker-" + Guid.NewGuid().ToString("N")[..12];
            using (var process = Process.Start("/bin/sh", ["-c", "sleep 0.2; exit 7", marker])!)
            {
                await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            await agent.WaitForAsync(() => received.Any(r => r.Path == "/v1/logs" && r.Body.Contains(marker, StringComparison.Ordinal) && r.Body.Contains("process.exit.code", StringComparison.Ordinal)),
                "the exit record at the collector");
            await agent.WaitForAsync(() => received.Any(r => r.Path == "/v1/metrics" && r.Body.Contains("kernelconnector.process.events", StringComparison.Ordinal)),
                "the metrics at the collector");

            var logs = received.First(r => r.Path == "/v1/logs" && r.Body.Contains(marker, StringComparison.Ordinal)).Body;
            Assert.Contains("process.command_args", logs, StringComparison.Ordinal);
            Assert.Contains("processagent", logs, StringComparison.Ordinal);
            Assert.Contains(Environment.MachineName, logs, StringComparison.Ordinal);
            await agent.InterruptAsync();
            Assert.Equal(0, agent.ExitCode);
        }
        finally
        {
            collector.Stop();
            await receiving;
            Directory.Delete(directory, recursive: true);
        }
    }
}
