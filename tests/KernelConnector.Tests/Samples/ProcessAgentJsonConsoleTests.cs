using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.Samples;

/// <summary>
/// The process agent with the JSON console formatter: a record's command line is a JSON array of
/// the arguments (the framework's formatter wrote the array's type name), whatever bytes they hold.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ProcessAgentJsonConsoleTests
{
    [Fact]
    public async Task A_hostile_command_line_is_a_json_array_of_the_arguments_as_decoded()
    {
        KernelRequirement.Require();
        var directory = Directory.CreateTempSubdirectory("process-agent-json-").FullName;
        try
        {
            using var agent = BackgroundProcess.Start("dotnet",
                [Repository.SampleAssembly("ProcessAgent"), "--port", PrometheusServer.FreePort().ToString(CultureInfo.InvariantCulture),
                 "--Logging:Console:FormatterName", "json"],
                directory, "agent");
            await agent.WaitForAsync(() => agent.Stdout.Contains("Listening to process events", StringComparison.Ordinal), "the agent to listen");

            // A quote, a backslash, a newline, ESC and a byte that is not UTF-8, made by printf:
            // .NET cannot put a byte that is not UTF-8 into an argument itself. The marker comes
            // through the environment, so that only the inner shell's command line holds it; that
            // shell lives 0.3 s (and is no single command dash would replace by exec), so that its
            // command line is read while it runs.
            var marker = "json-marker-" + Guid.NewGuid().ToString("N")[..12];
            var hostile = new byte[] { (byte)'a', (byte)'"', (byte)'b', (byte)'\\', (byte)'c', (byte)'\n', (byte)'d', 0x1B, (byte)'e', 0xFF, (byte)'f' };
            const string Script = """exec /bin/sh -c 'sleep 0.3; exit 0' "$MARKER" "$(printf 'a"b\\c\nd\033e\377f')" """;
            var run = await ProcessRunner.RunAsync("/bin/sh", ["-c", Script], directory, new Dictionary<string, string?> { ["MARKER"] = marker }, TimeSpan.FromSeconds(30));
            Assert.Equal(0, run.ExitCode);

            await agent.WaitForAsync(() => ExecLine(agent.Stdout, marker) is not null, "the exec record of the hostile command line");
            using var record = JsonDocument.Parse(ExecLine(agent.Stdout, marker)!);
            var arguments = record.RootElement.GetProperty("State").GetProperty("process.command_args");
            Assert.Equal(JsonValueKind.Array, arguments.ValueKind);

            // The table decodes each argument as UTF-8, a byte that is not UTF-8 becoming U+FFFD.
            string[] expected = ["/bin/sh", "-c", "sleep 0.3; exit 0", marker, Encoding.UTF8.GetString(hostile)];
            Assert.Equal(expected, arguments.EnumerateArray().Select(a => a.GetString()));
            Assert.Equal("a\"b\\c\nd\u001Be\uFFFDf", expected[^1]);

            // The message is for a person at a terminal: its control characters are escaped.
            var pid = record.RootElement.GetProperty("State").GetProperty("process.pid").GetInt32();
            Assert.Equal($"exec {pid} /bin/sh -c sleep 0.3; exit 0 {marker} a\"b\\c\\x0Ad\\x1Be\uFFFDf", record.RootElement.GetProperty("Message").GetString());
            await agent.InterruptAsync();
            Assert.Equal(0, agent.ExitCode);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The console line of the exec record whose arguments hold <paramref name="marker"/>: one JSON object per line.</summary>
    private static string? ExecLine(string output, string marker) =>
        output.Split('\n').FirstOrDefault(line => line.Contains(marker, StringComparison.Ordinal) && line.Contains("\"process.exec\"", StringComparison.Ordinal));
}
