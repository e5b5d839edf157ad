using ProcMonitor;
using Xunit;

namespace KernelConnector.Tests.Samples;

/// <summary>ProcMonitor's hand-written command-line reader: the forms System.CommandLine accepted before it, and one reason for each refusal.</summary>
public sealed class ProcMonitorCommandLineTests
{
    private static readonly CommandLineOption[] Options =
    [
        new("--events", "-e", false, "events"),
        new("--json", null, true, "json"),
        new("--extra", "-x", true, "extra"),
        new("--process-stats", "-S", true, "statistics"),
        new("--pid", "-p", false, "pids"),
        new("--duration", "-d", false, "duration"),
    ];

    private static CommandLine Parse(params string[] args)
    {
        Assert.True(CommandLine.TryParse(args, Options, out var result, out var error), error);
        return result;
    }

    private static string Refused(params string[] args)
    {
        Assert.False(CommandLine.TryParse(args, Options, out _, out var error));
        return error;
    }

    [Fact]
    public void Long_and_short_names_inline_values_and_repeats_are_read()
    {
        var result = Parse("-e", "exec,exit", "--pid=1", "-p", "2", "--pid:3", "--duration", "-5", "--json");
        Assert.Equal("exec,exit", result.Value("--events"));
        Assert.Equal(["1", "2", "3"], result.Values("--pid"));
        Assert.Equal("-5", result.Value("--duration"));
        Assert.True(result.Has("--json"));
        Assert.False(result.Has("--extra"));
        Assert.Null(result.Value("--nothing"));
        Assert.Empty(result.Values("--nothing"));
        Assert.False(result.Help);
    }

    [Fact]
    public void Short_flags_bundle_and_flags_take_true_or_false()
    {
        var result = Parse("-xS", "--json=false");
        Assert.True(result.Has("--extra"));
        Assert.True(result.Has("--process-stats"));
        Assert.False(result.Has("--json"));
        Assert.True(Parse("--json=true").Has("--json"));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    public void Help_is_asked_for(string arg) => Assert.True(Parse(arg).Help);

    [Theory]
    [InlineData("Unrecognized command or argument '--bogus'", "--bogus")]
    [InlineData("Unrecognized command or argument 'stray'", "stray")]
    [InlineData("Unrecognized command or argument 'after'", "--", "after")]
    [InlineData("Unrecognized command or argument '-xq'", "-xq")]
    [InlineData("Required argument missing for option: '--duration'", "--duration")]
    [InlineData("Required argument missing for option: '-d'", "-d", "--json")]
    [InlineData("'yes' is not a value for --json: it takes true or false, or no value", "--json=yes")]
    [InlineData("'none' is not a value for --json: it takes true or false, or no value", "--json=none")]
    public void Refusals_say_what_is_wrong(string reason, params string[] args) => Assert.Equal(reason, Refused(args));
}
