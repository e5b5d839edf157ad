using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Docs.Tests.Support;
using Xunit;

namespace KernelConnector.Docs.Tests;

/// <summary>
/// The <c>```c header</c> blocks: a C header becomes an AdditionalFiles item of the C# blocks after
/// it in its section, a [CStruct] example is compared with it, and a header nothing uses is an error.
/// </summary>
public sealed class DocsHeaderHarnessTests
{
    private const string Markdown = """
        # A page

        ```c header include/uapi/linux/t.h
        struct t { __kernel_pid_t pid; };
        ```

        ```csharp right KC0036
        [CStruct("linux/t.h", "t")] public struct T { public int Pid; }
        ```

        ```c header include/uapi/linux/t.h
        struct t { __u32 pid; };
        ```

        ```csharp right KC0036
        [CStruct("linux/t.h", "t")] public struct T { public int Pid; }
        ```

        ## Another section

        ```csharp right KC0036
        [CStruct("linux/t.h", "t")] public struct T { public int Pid; }
        ```
        """;

    [Fact]
    public async Task A_header_is_an_additional_file_of_the_blocks_after_it_until_a_header_of_its_path_or_a_heading()
    {
        var errors = new List<string>();
        var blocks = MarkdownBlocks.Parse("docs/page.md", Markdown, errors);
        Assert.Empty(errors);
        Assert.Equal(
            [("include/uapi/linux/t.h", 4)],
            blocks[0].Headers.Select(h => (h.Path, h.Line)));
        Assert.Equal("struct t { __kernel_pid_t pid; };\n", blocks[0].Headers[0].Text);
        Assert.Equal(12, Assert.Single(blocks[1].Headers).Line);
        Assert.Empty(blocks[2].Headers);

        Assert.Null(await Verdict(blocks[0]));
    }

    [Fact]
    public async Task A_right_example_with_a_header_it_does_not_match_fails()
    {
        var blocks = MarkdownBlocks.Parse("docs/page.md", Markdown, []);
        Assert.Contains("docs/page.md(16,", await Verdict(blocks[1]), StringComparison.Ordinal);
        Assert.Contains("KC0036", await Verdict(blocks[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_right_example_whose_header_is_missing_compared_nothing_and_fails()
    {
        var blocks = MarkdownBlocks.Parse("docs/page.md", Markdown, []);
        Assert.Contains("warning KC0030", await Verdict(blocks[2]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_no_block_uses_or_a_mistyped_one_is_an_error_with_its_line()
    {
        const string markdown = """
            ```c header unused.h
            struct u { __u32 a; };
            ```

            # Section

            ```c header replaced.h
            struct r { __u32 a; };
            ```

            ```c header replaced.h
            struct r { __u32 b; };
            ```

            ```csharp fragment
            ```

            ```c headr t.h
            ```

            ```c header
            ```

            ```c
            struct shown { int only; };
            ```

            # Next

            ```c header last.h
            ```
            """;
        var errors = new List<string>();
        MarkdownBlocks.Parse("docs/page.md", markdown, errors);
        Assert.Equal(
            [
                "docs/page.md:1: no ```csharp block follows the header 'unused.h' in its section, so nothing is compared with it (see docs/testing.md)",
                "docs/page.md:7: no ```csharp block follows the header 'replaced.h' in its section, so nothing is compared with it (see docs/testing.md)",
                "docs/page.md:18: unknown words after ```c: 'headr t.h' (known: header PATH; see docs/testing.md)",
                "docs/page.md:21: unknown words after ```c: 'header' (known: header PATH; see docs/testing.md)",
                "docs/page.md:30: no ```csharp block follows the header 'last.h' in its section, so nothing is compared with it (see docs/testing.md)",
            ],
            errors);
    }

    [Fact]
    public void Two_headers_of_one_path_in_a_document_program_are_an_error()
    {
        const string markdown = """
            ```c header t.h
            struct t { __u32 a; };
            ```

            ```csharp
            public struct A { }
            ```

            ```c header t.h
            struct t { __u32 b; };
            ```

            ```csharp
            public struct B { }
            ```
            """;
        var blocks = MarkdownBlocks.Parse("docs/page.md", markdown, []);
        Assert.Equal(
            ["docs/page.md: the document's program has two headers 't.h' (docs/page.md:2, docs/page.md:10); give them different paths"],
            DocUnits.HeaderClashes("docs/page.md", blocks));
    }

    private static async Task<string?> Verdict(DocBlock block)
    {
        var (_, diagnostics) = await DocCompilation.CompileAsync([block]);
        return DocVerdict.Failure(block.Where, [block], diagnostics);
    }
}
