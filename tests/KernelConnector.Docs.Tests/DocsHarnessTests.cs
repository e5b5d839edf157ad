using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Docs.Tests.Support;
using Xunit;

namespace KernelConnector.Docs.Tests;

/// <summary>The docs tests themselves: a broken example is reported with its file and line, and no block escapes them.</summary>
public sealed class DocsHarnessTests
{
    private const string Markdown = """
        # A page

        ```csharp fragment
        using KernelConnector.Transport;
        var socket = ConnectorSocket.Opn();
        ```

        ```csharp wrong KC0003
        [ConnectorMessage(20, 1)] public struct Ping { public uint N; }
        ```

        ```cs
        var x = 1;
        ```

        ```csharp right KC3
        ```
        """;

    [Fact]
    public async Task A_block_that_does_not_compile_is_reported_at_its_markdown_line()
    {
        var errors = new List<string>();
        var blocks = MarkdownBlocks.Parse("docs/page.md", Markdown, errors);
        var (_, diagnostics) = await DocCompilation.CompileAsync([blocks[0]]);
        Assert.StartsWith("docs/page.md(5,30): error CS0117: 'ConnectorSocket' does not contain a definition for 'Opn'", DocCompilation.Format(diagnostics), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_example_reports_its_rule_at_its_markdown_line()
    {
        var blocks = MarkdownBlocks.Parse("docs/page.md", Markdown, []);
        Assert.Equal((DocBlockKind.Wrong, "KC0003", 9), (blocks[1].Kind, blocks[1].Rule, blocks[1].Line));
        var (_, diagnostics) = await DocCompilation.CompileAsync([blocks[1]]);
        Assert.Contains("docs/page.md(9,", DocCompilation.Format(diagnostics.Where(d => d.Id == "KC0003")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_the_tests_would_not_compile_is_an_error_with_its_line()
    {
        var errors = new List<string>();
        var blocks = MarkdownBlocks.Parse("docs/page.md", Markdown, errors);
        Assert.Equal(2, blocks.Count);
        Assert.Equal(
            [
                "docs/page.md:12: write ```csharp, not ```cs (the docs tests compile every ```csharp block)",
                "docs/page.md:16: unknown words after ```csharp: 'right KC3' (known: run, fragment, wrong KCnnnn, right KCnnnn; see docs/testing.md)",
            ],
            errors);
    }

    [Fact]
    public void Expected_output_takes_stars_for_what_varies_and_nothing_else()
    {
        DocsRunTests.AssertMatches("page", "kind 1 from port *, 5 trailing bytes", "kind 1 from port 4242, 5 trailing bytes\n");
        Assert.ThrowsAny<Exception>(() => DocsRunTests.AssertMatches("page", "kind 1 from port *, 5 trailing bytes", "kind 2 from port 4242, 5 trailing bytes\n"));
        Assert.ThrowsAny<Exception>(() => DocsRunTests.AssertMatches("page", "one line", "one line\nand another\n"));
    }
}
