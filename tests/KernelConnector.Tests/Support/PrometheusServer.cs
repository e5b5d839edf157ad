using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace KernelConnector.Tests.Support;

/// <summary>
/// A real Prometheus server (Debian's <c>prometheus</c> package) on 127.0.0.1, scraping one target
/// every second, with its data in a directory of its own that is removed when it stops. Tests ask
/// it through its HTTP query API, as a dashboard would.
/// </summary>
internal sealed class PrometheusServer : IDisposable
{
    public const string Executable = "/usr/bin/prometheus";

    private readonly BackgroundProcess _process;
    private readonly string _directory;
    private readonly HttpClient _http;

    private PrometheusServer(BackgroundProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
    }

    /// <summary>Fails (or skips where the kernel tests may skip) when the server is not installed.</summary>
    public static void Require() => ToolRequirement.Require(Executable, "prometheus");

    /// <summary>A port nobody listens on now (the kernel's choice for an ephemeral bind).</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Starts the server scraping <paramref name="targetPort"/> on 127.0.0.1 as job <paramref name="job"/>.</summary>
    public static PrometheusServer Start(string job, int targetPort)
    {
        var directory = Directory.CreateTempSubdirectory("process-agent-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: {job}
                static_configs:
                  - targets: ['127.0.0.1:{targetPort}']
            """));
        var port = FreePort();
        var process = BackgroundProcess.Start(Executable,
            [$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}", $"--web.listen-address=127.0.0.1:{port}"],
            directory, "prometheus");
        return new PrometheusServer(process, directory, port);
    }

    public string Log => _process.Stderr;

    /// <summary>An instant query: every series of the result with its labels and value.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        using var response = await _http.GetAsync("api/v1/query?query=" + Uri.EscapeDataString(promql));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Prometheus refused the query {promql}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(series => (
                (IReadOnlyDictionary<string, string>)series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>Asks <paramref name="promql"/> until <paramref name="done"/> holds for its answer; fails after a minute, with the last answer.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> WaitForAsync(
        string promql, Func<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>, bool> done, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            // The server may still be starting: a refused connection is asked again.
            IReadOnlyList<(IReadOnlyDictionary<string, string>, double)>? answer = null;
            try
            {
                answer = await QueryAsync(promql);
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(60) && !_process.HasExited)
            {
            }

            if (answer is not null && done(answer))
            {
                return answer;
            }

            Assert.False(_process.HasExited, $"Prometheus ended (exit code {(_process.HasExited ? _process.ExitCode : 0)}):\n{Log}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60),
                $"timed out waiting for {what}; {promql} answered {string.Join("; ", (answer ?? []).Select(s => $"{string.Join(',', s.Item1.Select(l => l.Key + "=" + l.Value))} {s.Item2}"))}");
            await Task.Delay(250);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
