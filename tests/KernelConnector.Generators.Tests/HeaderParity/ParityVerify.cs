using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Generators.Diagnostics;
using KernelConnector.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace KernelConnector.Generators.Tests.HeaderParity;

/// <summary>Header-parity analyzer tests: C# sources and headers as AdditionalFiles.</summary>
internal static class ParityVerify
{
    public const string Usings = "using System.Runtime.InteropServices; using System.Runtime.CompilerServices; using KernelConnector;\n";

    public static async Task AnalyzerAsync(string[] sources, (string Path, string Text)[] headers, string[] inScope, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<HeaderParityAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = Verify.Net10,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        foreach (var (source, i) in sources.Select((s, i) => (s, i)))
        {
            test.TestState.Sources.Add(($"/0/Test{i}.cs", source));
        }

        foreach (var header in headers)
        {
            test.TestState.AdditionalFiles.Add(header);
        }

        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(CbId).Assembly.Location));
        test.DisabledDiagnostics.AddRange(Verify.AllIds.Except(inScope));
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    public static Task AnalyzerAsync(string source, string header, string[] inScope, params DiagnosticResult[] expected) =>
        AnalyzerAsync([Usings + source], [("/include/test.h", header)], inScope, expected);
}
