using System;
using ProcMonitor;
using Xunit;

namespace KernelConnector.Tests.Samples;

/// <summary>ProcMonitor's own parsers and escaper (their source files are compiled into this assembly).</summary>
public sealed class ProcMonitorParserTests
{
    [Theory]
    [InlineData("10", 10_000)]
    [InlineData("2.5", 2_500)]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("2d", 172_800_000)]
    [InlineData("00:01:30", 90_000)]
    [InlineData(" 7S ", 7_000)]
    public void Durations_are_read_in_their_units(string text, long milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration, out var error), error);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("0", "more than zero")]
    [InlineData("-5", "more than zero")]
    [InlineData("-00:00:05", "more than zero")]
    [InlineData("abc", "not a duration")]
    [InlineData("5x", "not a duration")]
    [InlineData("", "not a duration")]
    [InlineData("0.0001", "under a millisecond")]
    [InlineData("99999999999", "too long")]
    [InlineData("1e400", "not a duration")]
    [InlineData("60d", "too long")]
    public void Bad_durations_are_refused_with_the_reason(string text, string reason)
    {
        Assert.False(DurationParser.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("65536", 65536)]
    [InlineData("512K", 524288)]
    [InlineData("8m", 8388608)]
    [InlineData("1G", 1073741824)]
    [InlineData("4096", 4096)]
    public void Buffer_sizes_are_read_in_powers_of_1024(string text, int bytes)
    {
        Assert.True(SizeParser.TryParse(text, out var parsed, out var error), error);
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("4095", "outside")]
    [InlineData("2G", "outside")]
    [InlineData("99999999999999999999", "not a size")]
    [InlineData("-1", "not a size")]
    [InlineData("8MB", "not a size")]
    [InlineData("", "not a size")]
    public void Bad_buffer_sizes_are_refused_with_the_reason(string text, string reason)
    {
        Assert.False(SizeParser.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_event_name_is_accepted_and_selects_its_class()
    {
        foreach (var (name, cls, _) in EventSelection.Names)
        {
            Assert.True(EventSelection.TryParse(name.ToUpperInvariant(), out var selected, out var error), error);
            Assert.Equal(cls, selected);
        }

        Assert.True(EventSelection.TryParse("clone, thrdex", out var threads, out _));
        Assert.Equal(EventClass.Clone | EventClass.ThreadExit, threads);
        Assert.True(EventSelection.TryParse(null, out var all, out _));
        Assert.Equal(EventClass.All, all);
    }

    [Fact]
    public void An_unknown_event_name_is_refused_with_the_names_accepted()
    {
        Assert.False(EventSelection.TryParse("fork,spawn\u001b", out _, out var error));
        Assert.Equal($"unknown event 'spawn\\x1b'; use any of: {EventSelection.NameList}", error);
        Assert.False(EventSelection.TryParse(",", out _, out error));
        Assert.Equal("no events selected", error);

        // Given but empty is not "the default": it selects nothing, as "," does.
        Assert.False(EventSelection.TryParse("", out _, out error));
        Assert.Equal("no events selected", error);
    }

    [Theory]
    [InlineData(0.0041, "0.004s")]
    [InlineData(9_999.999, "9999.999s")]
    [InlineData(9_999.9996, "9999s")]
    [InlineData(10_000.7, "10000s")]
    [InlineData(9_999_999.9, "9999999s")]
    [InlineData(10_000_000, "115d")]
    [InlineData(86_400.0 * 3650, "3650d")]
    public void Durations_fit_their_column(double seconds, string expected)
    {
        var text = Duration(TimeSpan.FromSeconds(seconds));
        Assert.Equal(expected, text);
        Assert.InRange(text.Length, 1, DurationText.Width);
    }

    [Theory]
    [InlineData(0, "0.000s")]
    [InlineData(4_999, "0.000s")]
    [InlineData(5_000, "0.001s")]
    [InlineData(14_999, "0.001s")]
    [InlineData(15_000, "0.002s")]
    [InlineData(10_005_000, "1.001s")]
    [InlineData(10_004_999, "1.000s")]
    [InlineData(123_456_789, "12.346s")]
    [InlineData(99_999_994_999, "9999.999s")]
    [InlineData(99_999_995_000, "9999s")]
    [InlineData(-40_000, "-0.004s")]
    [InlineData(long.MaxValue, "10675199d")]
    [InlineData(long.MinValue, "-10675199d")]
    public void Durations_round_to_the_nearest_millisecond_from_the_ticks(long ticks, string expected)
    {
        Assert.Equal(expected, Duration(TimeSpan.FromTicks(ticks)));
        Assert.InRange(expected.Length, 1, DurationText.MaxLength);
    }

    private static string Duration(TimeSpan duration)
    {
        Span<char> text = stackalloc char[DurationText.MaxLength];
        return new string(text[..DurationText.Format(text, duration)]);
    }

    [Fact]
    public void Fail_shows_only_failed_process_exits()
    {
        Assert.True(EventSelection.Shows(EventClass.Fail, EventClass.Exit, failed: true));
        Assert.False(EventSelection.Shows(EventClass.Fail, EventClass.Exit, failed: false));
        Assert.False(EventSelection.Shows(EventClass.Fail, EventClass.ThreadExit, failed: true));
        Assert.True(EventSelection.Shows(EventClass.Exit, EventClass.Exit, failed: false));
        Assert.False(EventSelection.Shows(EventClass.Exec, EventClass.Fork, failed: false));
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("a\nb", @"a\nb")]
    [InlineData("a\rb\tc", @"a\rb\tc")]
    [InlineData("\u001b[31mred", @"\x1b[31mred")]
    [InlineData("del\u007f", @"del\x7f")]
    [InlineData("csi\u009b2J", @"csi\u009b2J")]
    [InlineData("\u202eevil", @"\u202eevil")]
    [InlineData("back\\slash", @"back\\slash")]
    [InlineData("naïve ünïcode ✓", "naïve ünïcode ✓")]
    [InlineData("\0nul", @"\x00nul")]
    public void Control_characters_are_escaped_so_text_stays_on_one_line(string text, string escaped)
    {
        Assert.Equal(escaped, TextEscaper.Escape(text));
    }
}
