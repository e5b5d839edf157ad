using Xunit;

namespace KernelConnector.Hosting.Tests;

/// <summary>A command line in a log message: control characters escaped, everything else as it is.</summary>
public sealed class LogTextTests
{
    [Theory]
    [InlineData("/bin/sh -c true", "/bin/sh -c true")]
    [InlineData("a\nb", "a\\x0Ab")]
    [InlineData("\u001B[31mred\u001B]0;title\u0007", "\\x1B[31mred\\x1B]0;title\\x07")]
    [InlineData("tab\there\r", "tab\\x09here\\x0D")]
    [InlineData("del\u007F c1\u009B end\u00A0é\uFFFD", "del\\x7F c1\\x9B end\u00A0é\uFFFD")]
    [InlineData("\0", "\\x00")]
    [InlineData("", "")]
    public void Control_characters_become_hex_escapes(string text, string expected) =>
        Assert.Equal(expected, LogText.Printable(text));
}
