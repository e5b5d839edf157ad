using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.Generators.Diagnostics;
using KernelConnector.Generators.HeaderParity;
using KernelConnector.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace KernelConnector.Generators.Tests.HeaderParity;

/// <summary>
/// Editing a header re-reads and re-compares only what depends on it. An IDE analyzes every new
/// compilation and keeps an unchanged file's text, as these tests do by passing the same
/// <see cref="AdditionalText"/> again.
/// </summary>
public class HeaderParityCacheTests
{
    private const string Message = """
        using System.Runtime.InteropServices; using KernelConnector;
        [CStruct("a.h", "s")] [StructLayout(LayoutKind.Sequential)] public partial struct S { public uint X; public uint Y; }
        """;

    [Fact]
    public async Task An_unrelated_edit_and_edits_of_other_headers_reread_and_recompare_nothing()
    {
        var a = new Header("/inc/a.h", "#include <b.h>\nstruct s { unsigned int x; y_t y; };\n");
        var b = new Header("/inc/b.h", "typedef unsigned short y_t;\n");
        var c = new Header("/inc/c.h", "struct unrelated { int z; };\n");
        var compilation = TestCompilation.Create(Message, "public class Unrelated { public int N; }");

        var first = await Run(compilation, a, b, c);
        Assert.Contains(first, d => d.StartsWith("KC0035", System.StringComparison.Ordinal));
        var read = HeaderParityCache.Cached(a.Text);
        Assert.NotNull(read);
        Assert.Equal(1, HeaderParityCache.ComparisonsMade(read!));

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("public class Unrelated { public long N; }", TestCompilation.ParseOptions, path: "Source1.cs"));
        Assert.Equal(first, await Run(edited, a, b, c));

        var otherHeader = new Header("/inc/c.h", "struct unrelated { long z; };\n");
        Assert.Equal(first, await Run(edited, a, b, otherHeader));

        // An edit of an included header that leaves the layout as it was.
        var sameLayout = new Header("/inc/b.h", "typedef unsigned short y_t;\ntypedef long other_t;\n");
        Assert.Equal(first, await Run(edited, a, sameLayout, otherHeader));

        Assert.Same(read, HeaderParityCache.Cached(a.Text));
        Assert.Equal(1, HeaderParityCache.ComparisonsMade(read!));
        Assert.Null(HeaderParityCache.Cached(c.Text));
    }

    [Fact]
    public async Task Editing_the_header_or_the_struct_compares_again()
    {
        var a = new Header("/inc/a.h", "#include <b.h>\nstruct s { unsigned int x; y_t y; };\n");
        var b = new Header("/inc/b.h", "typedef unsigned short y_t;\n");
        var compilation = TestCompilation.Create(Message);
        Assert.NotEmpty(await Run(compilation, a, b));
        var read = HeaderParityCache.Cached(a.Text)!;

        // The included header now makes y an unsigned int: the same struct, laid out anew, matches.
        var b2 = new Header("/inc/b.h", "typedef unsigned int y_t;\n");
        Assert.Empty(await Run(compilation, a, b2));
        Assert.Same(read, HeaderParityCache.Cached(a.Text));
        Assert.Equal(2, HeaderParityCache.ComparisonsMade(read));

        var a2 = new Header("/inc/a.h", "struct s { unsigned int x; unsigned int y; };\n");
        Assert.Empty(await Run(compilation, a2, b2));
        var reread = HeaderParityCache.Cached(a2.Text);
        Assert.NotNull(reread);
        Assert.NotSame(read, reread);
        Assert.Equal(1, HeaderParityCache.ComparisonsMade(reread!));

        var struct2 = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText(Message.Replace("public uint Y;", "public int Y;", System.StringComparison.Ordinal), TestCompilation.ParseOptions, path: "Source0.cs"));
        Assert.Single(await Run(struct2, a2, b2), d => d.StartsWith("KC0036", System.StringComparison.Ordinal));
        Assert.Equal(2, HeaderParityCache.ComparisonsMade(reread!));
    }

    private static async Task<string[]> Run(Compilation compilation, params AdditionalText[] headers)
    {
        var diagnostics = await compilation
            .WithAnalyzers([new HeaderParityAnalyzer()], new AnalyzerOptions([.. headers]))
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return diagnostics.Select(d => d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).OrderBy(d => d, System.StringComparer.Ordinal).ToArray();
    }

    private sealed class Header(string path, string text) : AdditionalText
    {
        public SourceText Text { get; } = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => Text;
    }
}
