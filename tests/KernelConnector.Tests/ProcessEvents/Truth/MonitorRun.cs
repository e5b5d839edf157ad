using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;

namespace KernelConnector.Tests.ProcessEvents.Truth;

/// <summary>ProcMonitor running in the background for one test, and what it printed.</summary>
internal sealed class MonitorRun : IDisposable
{
    private readonly BackgroundProcess _process;

    private MonitorRun(BackgroundProcess process, string directory)
    {
        _process = process;
        Directory = directory;
    }

    public string Directory { get; }

    public BackgroundProcess Process => _process;

    /// <summary>Starts ProcMonitor with <paramref name="arguments"/> and waits until it listens.</summary>
    public static async Task<MonitorRun> StartAsync(string name, params string[] arguments)
    {
        var work = System.IO.Directory.CreateTempSubdirectory("kc-truth-").FullName;
        var process = BackgroundProcess.Start("dotnet", [Repository.SampleAssembly("ProcMonitor"), .. arguments], work, name);
        var run = new MonitorRun(process, work);
        await process.WaitForAsync(() => process.Stderr.Contains("listening", StringComparison.Ordinal), "ProcMonitor to listen");
        return run;
    }

    /// <summary>Waits until a printed JSON line satisfies <paramref name="condition"/> (the state the test asserts on).</summary>
    public Task WaitForJsonAsync(Func<JsonElement, bool> condition, string what) =>
        _process.WaitForAsync(() => JsonLines().Any(condition), what, TimeSpan.FromSeconds(60));

    /// <summary>Waits until a printed text line satisfies <paramref name="condition"/>.</summary>
    public Task WaitForTextAsync(Func<string, bool> condition, string what) =>
        _process.WaitForAsync(() => TextLines().Any(condition), what, TimeSpan.FromSeconds(60));

    /// <summary>Stops it as Ctrl+C would and returns what it said on stderr.</summary>
    public async Task<string> StopAsync()
    {
        await _process.InterruptAsync();
        return _process.Stderr;
    }

    /// <summary>The event and pid columns of a text line, as a text line shows them: " exit      1234 ".</summary>
    public static string TextColumns(string ev, int pid) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $" {ev,-6} {pid,8} ");

    public List<string> TextLines() => [.. ReadLines(_process.StdoutPath)];

    public List<JsonElement> JsonLines()
    {
        var lines = new List<JsonElement>();
        foreach (var line in ReadLines(_process.StdoutPath))
        {
            if (line.Length > 0 && line[0] == '{' && line[^1] == '}')
            {
                using var doc = JsonDocument.Parse(line);
                lines.Add(doc.RootElement.Clone());
            }
        }

        return lines;
    }

    public void Dispose()
    {
        _process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    public static IEnumerable<string> ReadLines(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();

        // Only whole lines: the last one may still be being written.
        var end = text.LastIndexOf('\n');
        return end < 0 ? [] : text[..end].Split('\n');
    }
}
