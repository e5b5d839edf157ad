using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Diagnostics;
using KernelConnector.Generators.Layout;
using KernelConnector.Generators.Tests.Support;
using KernelConnector.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace KernelConnector.Generators.Tests.Analyzers;

/// <summary>
/// KC0027's premise, asked of gcc and of the runtime in the same run: a member of an empty struct
/// takes no byte in GNU C and one in C#, so the field after it is at another offset.
/// </summary>
public class EmptyStructFieldTests
{
    private const string Declarations = """
        using System.Runtime.InteropServices;
        using KernelConnector;
        public struct Empty { }
        [ConnectorMessage(20, 1)]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct M { public Empty E; public uint After; }
        """;

    [Fact]
    public async Task GNU_C_puts_the_field_after_an_empty_struct_at_0_where_CSharp_puts_it_at_4()
    {
        var c = await CLayout.QueryAsync(
            "struct empty {};\nstruct m { struct empty e; unsigned after; };",
            "sizeof(struct empty)", "offsetof(struct m, after)", "sizeof(((struct m *)0)->after)", "sizeof(struct m)");
        Assert.Equal([0L, 0L, 4L, 4L], c);

        // The runtime's layout of the same fields: a byte for E, then padding to align After.
        var m = default(M);
        var offset = (long)Unsafe.ByteOffset(ref Unsafe.As<M, byte>(ref m), ref Unsafe.As<uint, byte>(ref m.After));
        Assert.Equal([1L, 4L, 4L, 8L], [Unsafe.SizeOf<Empty>(), offset, Unsafe.SizeOf<uint>(), Unsafe.SizeOf<M>()]);
        Assert.NotEqual(c[1], offset);
    }

    [Fact]
    public async Task The_generator_still_implements_the_message_with_the_runtimes_layout_and_the_rule_reports_the_field()
    {
        var compilation = TestCompilation.Create(Declarations);
        var layout = MessageLayout.Compute(compilation.GetTypeByMetadataName("M")!, KnownSymbols.Resolve(compilation)!)!;
        Assert.Equal([("E", 0, 1), ("After", 4, 4)], layout.Fields.Select(f => (f.Field.Name, f.Offset, f.Size)));

        // A warning: the struct is generated for, its Size the runtime's (8, as the test above measures), not 0 as for a message without fields.
        var (driver, output, _) = TestCompilation.Run(compilation);
        var generated = Assert.Single(driver.GetRunResult().Results.Single().GeneratedSources).SourceText.ToString();
        Assert.Contains("Size => global::System.Runtime.CompilerServices.Unsafe.SizeOf<M>();", generated, System.StringComparison.Ordinal);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var diagnostics = await compilation.WithAnalyzers([new MessageLayoutAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        var reported = Assert.Single(diagnostics, d => d.Id == "KC0027");
        Assert.Equal("E", reported.Location.SourceTree!.GetText().ToString(reported.Location.SourceSpan));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Empty
    {
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct M
    {
        public Empty E;
        public uint After;
    }
}
