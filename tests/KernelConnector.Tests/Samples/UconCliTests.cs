using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.Samples;

/// <summary>Ucon's command line: one line and one documented exit code for every refusal, never a stack trace; help per command.</summary>
public sealed class UconCliTests
{
    internal static Task<ProcessRunner.Result> RunAsync(params string[] arguments) => SampleCli.RunAsync("Ucon", arguments);

    /// <summary>The exit code documented in samples/Ucon/README.md, and exactly one line that starts with the program's name.</summary>
    internal static void AssertRefused(ProcessRunner.Result result, int exitCode, string reason)
    {
        Assert.DoesNotContain("Unhandled", result.Output, StringComparison.Ordinal);
        SampleCli.AssertRefused(result, "ucon", exitCode, reason);
    }

    [Theory]
    [InlineData("--group must be 1..32", "ask", "-g", "40", "hello")]
    [InlineData("--group must be 1..32", "serve", "--group", "0")]
    [InlineData("--port must be a socket's port id", "ask", "--port", "0", "hello")]
    [InlineData("--timeout must be at least 0.001 (1 ms) and at most 3600 seconds, not 0", "ask", "--timeout", "0")]
    [InlineData("--timeout must be at least 0.001 (1 ms) and at most 3600 seconds, not NaN", "ask", "--timeout", "NaN")]
    [InlineData("--timeout must be at least 0.001 (1 ms) and at most 3600 seconds, not 0.0001", "ask", "--timeout", "0.0001")]
    [InlineData("--timeout must be at least 0.001 (1 ms) and at most 3600 seconds, not 3600.5", "ask", "--timeout", "3600.5")]
    [InlineData("--count must be 0 or more", "serve", "-n", "-1")]
    [InlineData("'sideways' is not a value for --op: it takes echo, upper or reverse", "ask", "--op", "sideways")]
    // Numbers too: .NET's enum parsing took any, and --op 7 went out as an operation no server knows.
    [InlineData("'7' is not a value for --op: it takes echo, upper or reverse", "ask", "--op", "7", "hi")]
    [InlineData("'2' is not a value for --op: it takes echo, upper or reverse", "ask", "--op", "2", "hi")]
    [InlineData("'' is not a value for --op: it takes echo, upper or reverse", "ask", "--op", "", "hi")]
    [InlineData("Unrecognized option '--bogus'", "ask", "--bogus", "hello")]
    [InlineData("Unrecognized command or argument 'stray'", "serve", "stray")]
    [InlineData("Required command was not provided")]
    // Values that do not parse: System.CommandLine used to run the validators on them and throw.
    [InlineData("'x' is not a value for --group: it takes a whole number", "ask", "-g", "x", "hi")]
    [InlineData("'1\\x1B[2J' is not a value for --group: it takes a whole number", "ask", "-g", "1\u001B[2J", "hi")]
    [InlineData("'4294967296' is not a value for --group: it takes a whole number", "ask", "-g", "4294967296", "hi")]
    [InlineData("'-5' is not a value for --port: it takes a whole number", "ask", "-p", "-5", "hi")]
    [InlineData("'4294967296' is not a value for --port: it takes a whole number", "ask", "-p", "4294967296", "hi")]
    [InlineData("'x' is not a value for --count: it takes a whole number", "ask", "-n", "x", "hi")]
    [InlineData("'x' is not a value for --timeout: it takes a number", "ask", "--timeout", "x", "hi")]
    [InlineData("'x' is not a value for --group: it takes a whole number", "serve", "-g", "x")]
    [InlineData("'x' is not a value for --count: it takes a whole number", "serve", "-n", "x")]
    [InlineData("'2147483648' is not a value for --count: it takes a whole number", "serve", "-n", "2147483648")]
    [InlineData("'-1' is not a value for --group: it takes a whole number", "ask", "-g", "-1", "hi")]
    [InlineData("'0x10' is not a value for --group: it takes a whole number", "ask", "-g", "0x10", "hi")]
    [InlineData("--timeout must be at least 0.001 (1 ms) and at most 3600 seconds, not Infinity", "ask", "--timeout", "1e400", "hi")]
    [InlineData("Required argument missing for option: '-g'", "ask", "-g")]
    [InlineData("Option '-g' expects a single argument but 2 were provided", "ask", "-g", "1", "-g", "2", "hi")]
    [InlineData("Unrecognized command or argument 'shout'", "shout")]
    public async Task Bad_command_lines_exit_2_with_one_line(string reason, params string[] arguments)
    {
        AssertRefused(await RunAsync(arguments), 2, reason);
    }

    [Fact]
    public async Task Count_0_sends_no_request()
    {
        // --count 0 is not refused (only a negative count is): it asks nothing, so even to a port
        // nobody is bound to, which refuses any request with exit 5, nothing goes out.
        var result = await RunAsync("ask", "--port", "999", "--count", "0", "hello");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Text_longer_than_a_request_carries_exits_2_with_one_line()
    {
        AssertRefused(await RunAsync("ask", new string('x', 1025)), 2, "the text is 1025 bytes of UTF-8; a request carries at most 1024");
    }

    [Fact]
    public async Task Each_command_helps_with_its_own_options()
    {
        var ask = await RunAsync("ask", "--help");
        Assert.Equal(0, ask.ExitCode);
        foreach (var option in new[] { "--group", "--port", "--count", "--op", "--timeout", "How many requests to send", "<text>" })
        {
            Assert.Contains(option, ask.Output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Stop after this many requests", ask.Output, StringComparison.Ordinal);

        var serve = await RunAsync("serve", "--help");
        Assert.Equal(0, serve.ExitCode);
        Assert.Contains("Stop after this many requests", serve.Output, StringComparison.Ordinal);
        foreach (var option in new[] { "--port", "--op", "--timeout", "How many requests to send", "<text>" })
        {
            Assert.DoesNotContain(option, serve.Output, StringComparison.Ordinal);
        }

        // The root's help names every exit code the README documents.
        var root = await RunAsync("--help");
        Assert.Equal(0, root.ExitCode);
        foreach (var code in new[] { "1 a request got no reply", "2 bad command line", "3 connector unavailable", "4 not permitted", "5 no socket at --port", "6 unexpected failure" })
        {
            Assert.Contains(code, root.Output, StringComparison.Ordinal);
        }
    }
}

/// <summary>Ucon's refusals that come from the kernel.</summary>
[Collection(ProcessWideCollection.Name)]
public sealed class UconKernelCliTests
{
    [Fact]
    public async Task Asking_as_an_unprivileged_user_exits_4_with_one_line()
    {
        KernelRequirement.Require();

        // As nobody (setpriv drops root), whom the kernel does not let send to a group.
        var result = await Unprivileged.RunSampleAsync("Ucon", "ask", "--group", "31", "hello");
        UconCliTests.AssertRefused(result, 4, "The kernel refused to send to group 31");
    }

    [Theory]
    [InlineData("27")]
    [InlineData("1")]
    public async Task Serving_an_odd_group_as_an_unprivileged_user_exits_4_with_one_line(string group)
    {
        KernelRequirement.Require();

        // Linux lets nobody join an odd-numbered connector group but never send a reply: a server
        // that started would take requests and leave every requester waiting.
        var result = await Unprivileged.RunSampleAsync("Ucon", "serve", "--group", group);
        UconCliTests.AssertRefused(result, 4, $"cannot serve group {group}: the kernel let this process join it but not send replies");
    }

    [Fact]
    public async Task Serving_an_even_group_as_an_unprivileged_user_exits_4_with_one_line()
    {
        KernelRequirement.Require();
        var result = await Unprivileged.RunSampleAsync("Ucon", "serve", "--group", "28");
        UconCliTests.AssertRefused(result, 4, "The kernel did not let this process join group 28");
    }

    [Fact]
    public async Task Asking_a_port_nobody_is_bound_to_exits_5_with_one_line()
    {
        KernelRequirement.Require();
        UconCliTests.AssertRefused(await UconCliTests.RunAsync("ask", "--port", "999", "hello"), 5, "No socket is bound to port 999");
    }

    [Fact]
    public async Task Requests_nobody_answers_exit_1_with_one_line_each()
    {
        KernelRequirement.Require();

        // Group 31 has no Ucon server (UconSampleTests serves on 27).
        var result = await UconCliTests.RunAsync("ask", "--group", "31", "--count", "2", "--timeout", "0.2", "hello");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("ucon: No reply of type UconReply", l, StringComparison.Ordinal));
    }
}
