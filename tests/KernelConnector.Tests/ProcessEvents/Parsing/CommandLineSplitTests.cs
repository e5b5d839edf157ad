using System;
using System.Text;
using KernelConnector.ProcessEvents;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Parsing;

/// <summary>
/// /proc/PID/cmdline split into the argument vector, as every exec of a storm does: what the
/// kernel's bytes say, and no allocation beyond the strings and one array of the right size.
/// </summary>
public sealed class CommandLineSplitTests
{
    [Theory]
    [InlineData("true\0", new[] { "true" })]
    [InlineData("/bin/sh\0-c\0echo hi\0", new[] { "/bin/sh", "-c", "echo hi" })]
    [InlineData("a\0\0b\0", new[] { "a", "", "b" })] // an empty argument stays
    [InlineData("rewritten title", new[] { "rewritten title" })] // a process that rewrote its arguments: no NUL at all
    [InlineData("nginx: worker\0\0\0\0", new[] { "nginx: worker" })] // trailing NULs of a rewritten area
    [InlineData("line\nbreak\0\u001b[31m\0", new[] { "line\nbreak", "\u001b[31m" })] // bytes as they are; escaping is the printer's
    [InlineData("", new string[0])]
    [InlineData("\0\0", new string[0])]
    public void Splits_at_each_nul_and_drops_the_trailing_ones(string cmdline, string[] arguments)
    {
        Assert.Equal(arguments, ProcFs.SplitArguments(Encoding.UTF8.GetBytes(cmdline)));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_become_replacement_characters_not_an_exception()
    {
        Assert.Equal(["a\uFFFDb", "c"], ProcFs.SplitArguments([(byte)'a', 0xFF, (byte)'b', 0, (byte)'c', 0]));
    }

    [Theory]
    [InlineData("true\0")]
    [InlineData("/usr/bin/python3\0-m\0http.server\0--bind\0127.0.0.1\08000\0")]
    public void Allocates_the_strings_and_one_array_of_the_right_size_only(string cmdline)
    {
        var bytes = Encoding.UTF8.GetBytes(cmdline);
        ProcFs.SplitArguments(bytes);
        var parts = cmdline.TrimEnd('\0').Split('\0');

        var before = GC.GetAllocatedBytesForCurrentThread();
        var split = ProcFs.SplitArguments(bytes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The same strings and an exact array, made directly.
        before = GC.GetAllocatedBytesForCurrentThread();
        var exact = new string[parts.Length];
        for (var i = 0; i < exact.Length; i++)
        {
            exact[i] = new string(parts[i]);
        }

        var minimum = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(exact, split);
        Assert.Equal(minimum, allocated);
    }
}
