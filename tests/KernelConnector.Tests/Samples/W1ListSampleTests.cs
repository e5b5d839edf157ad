using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Testing;
using KernelConnector.Tests.Support;
using KernelConnector.Tests.W1;
using KernelConnector.W1;
using W1List;
using Xunit;

namespace KernelConnector.Tests.Samples;

/// <summary>
/// W1List as a user runs it: its listing of the emulated bus against what the emulator holds (the
/// test builds the same bus in process and reads it directly, not through the connector), its one
/// line and exit code where the kernel has no 1-Wire bus, and its refusals.
/// </summary>
public sealed class W1ListSampleTests
{
    private static Task<ProcessRunner.Result> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [Repository.SampleAssembly("W1List"), .. arguments], Path.GetTempPath(), timeout: TimeSpan.FromSeconds(60));

    [Fact]
    public async Task The_emulated_bus_is_listed_as_the_emulator_holds_it()
    {
        using var connector = new InMemoryConnector();
        using var bus = EmulatedBus.Create(connector);
        var expected = bus.Masters.OrderBy(m => m.Id).SelectMany(m => Listing(m.Id, m.Attached));

        var result = await RunAsync("--emulated");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected, Lines(result));
        Assert.Contains(bus.Masters[0].Devices, d => !bus.Masters[0].Attached.Contains(d.Id));   // one device only a search finds
    }

    [Fact]
    public async Task A_search_lists_every_device_on_the_wire_in_rom_search_order()
    {
        using var connector = new InMemoryConnector();
        using var bus = EmulatedBus.Create(connector);
        var expected = bus.Masters.OrderBy(m => m.Id).SelectMany(m => Listing(m.Id, m.Devices.Where(d => d.Present).Select(d => d.Id).OrderBy(i => RomSearchOrder.Key(i.Value))));

        var result = await RunAsync("--emulated", "--search");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected, Lines(result));
    }

    [Fact]
    public async Task Against_the_kernel_it_says_in_one_line_when_there_is_no_1_wire_bus()
    {
        var table = ConnectorTable.Read();
        var result = await RunAsync();

        if (table is null || !table.HasW1)
        {
            // The machines this project runs on have no w1 driver (FACTS.md): the documented refusal.
            var line = Assert.Single(Lines(result));
            Assert.True(result.ExitCode == 3, result.ToString());
            Assert.StartsWith("w1list: no 1-Wire bus here: ", line, StringComparison.Ordinal);
            Assert.Contains(table is null ? "is missing" : "lists no 3:1", line, StringComparison.Ordinal);
        }
        else
        {
            // A machine with the w1 connector: a listing, or the one line for no master.
            Assert.True(result.ExitCode is 0 or 3, result.ToString());
            Assert.All(Lines(result), l => Assert.True(l.StartsWith("master ", StringComparison.Ordinal) || l.StartsWith("  ", StringComparison.Ordinal) || l.StartsWith("w1list: no 1-Wire bus here", StringComparison.Ordinal), l));
        }
    }

    [Theory]
    [InlineData("Unrecognized command or argument '--bogus'", "--bogus")]
    [InlineData("--timeout must be at least 0.001 (1 ms) and at most 3600 seconds, not 0", "--timeout", "0")]
    [InlineData("--timeout must be at least 0.001 (1 ms) and at most 3600 seconds, not 0.0001", "--emulated", "--timeout", "0.0001")]
    [InlineData("'' is not a value for --timeout: it takes a number", "--timeout", "")]
    [InlineData("'1\\x1B[2J' is not a value for --timeout: it takes a number", "--timeout", "1\u001B[2J")]
    [InlineData("Required argument missing for option: '--timeout'", "--timeout")]
    [InlineData("Unrecognized command or argument 'x'", "--emulated", "x")]
    [InlineData("'x' is not a value for --timeout: it takes a number", "--timeout", "x")]
    public async Task Bad_command_lines_exit_2_with_one_line(string reason, params string[] arguments)
    {
        var result = await RunAsync(arguments);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", result.Output, StringComparison.Ordinal);
        var line = Assert.Single(Lines(result));
        Assert.StartsWith("w1list: ", line, StringComparison.Ordinal);
        Assert.Contains(reason, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_help_names_every_exit_code()
    {
        var result = await RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var code in new[] { "0 listed", "1 the w1 connector refused a request", "2 bad command line", "3 no 1-Wire bus here", "4 not permitted", "5 no answer in time", "6 unexpected failure" })
        {
            Assert.Contains(code, result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_connector_table_is_read_as_the_kernel_writes_it()
    {
        Assert.False(ConnectorTable.Parse(["Name            ID", "cn_proc         1:1"]).HasW1);
        Assert.True(ConnectorTable.Parse(["Name            ID", "cn_proc         1:1", "w1              3:1"]).HasW1);
        Assert.Equal(["1:1", "3:1"], ConnectorTable.Parse(["Name ID", "cn_proc 1:1", "", "w1\t3:1"]).Ids);
        Assert.Empty(ConnectorTable.Parse([]).Ids);
    }

    private static string[] Listing(uint master, System.Collections.Generic.IEnumerable<W1SlaveId> slaves)
    {
        var ids = slaves.ToArray();
        return [$"master {master}: {(ids.Length == 0 ? "no" : ids.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))} slave{(ids.Length == 1 ? "" : "s")}", .. ids.Select(i => $"  {i}")];
    }

    private static string[] Lines(ProcessRunner.Result result) => result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
