using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace KernelConnector.Generators.Tests.Support;

/// <summary>Analyzer and code-fix tests against .NET 10 and the real KernelConnector runtime.</summary>
internal static class Verify
{
    // ReferenceAssemblies.Net.* asks for packages the registry may not serve; this one it does.
    public static readonly ReferenceAssemblies Net10 = new("net10.0", new PackageIdentity("Microsoft.NETCore.App.Ref", "10.0.14"), Path.Combine("ref", "net10.0"));

    // KC0028 and KC0029 are free; C-header parity starts at KC0030.
    public static readonly string[] AllIds = Enumerable.Range(1, 27).Concat(Enumerable.Range(30, 13)).Select(i => $"KC{i:0000}").ToArray();

    public static Task AnalyzerAsync<TAnalyzer>(string source, string[] inScope, string? editorConfig = null, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new() =>
        AnalyzerAsync(new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>(), source, inScope, editorConfig, expected);

    /// <summary>Every analyzer of the package at once, as a build runs them: for rules of several analyzers in one test.</summary>
    public static Task AnalyzersAsync(string source, string[] inScope, string? editorConfig = null, params DiagnosticResult[] expected) =>
        AnalyzerAsync(new AllAnalyzersTest(), source, inScope, editorConfig, expected);

    private static async Task AnalyzerAsync<TAnalyzer>(CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> test, string source, string[] inScope, string? editorConfig, DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        test.TestCode = source;
        test.ReferenceAssemblies = Net10;

        // Without the generator in this test, IConnectorMessage<T> is not implemented; the
        // compiler's complaints about that are not what these tests are about.
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(CbId).Assembly.Location));
        test.DisabledDiagnostics.AddRange(AllIds.Except(inScope));
        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", editorConfig));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    public static Task CodeFixAsync<TAnalyzer, TCodeFix>(string source, string fixedSource, string[] inScope, string? batchFixedSource = null, int fixAllIterations = 1)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new() =>
        CodeFixAsync<TAnalyzer, TCodeFix>(new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier> { TestCode = source, FixedCode = fixedSource }, inScope, batchFixedSource, fixAllIterations);

    /// <summary>A code-fix test whose sources (several documents, other projects) the caller has set up.</summary>
    public static async Task CodeFixAsync<TAnalyzer, TCodeFix>(CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier> test, string[] inScope, string? batchFixedSource = null, int fixAllIterations = 1)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        test.ReferenceAssemblies = Net10;
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(CbId).Assembly.Location));
        test.FixedState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(CbId).Assembly.Location));
        test.DisabledDiagnostics.AddRange(AllIds.Except(inScope));
        if (batchFixedSource is not null)
        {
            test.BatchFixedCode = batchFixedSource;
            test.BatchFixedState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(CbId).Assembly.Location));
        }

        // KC0001 is a compilation-end diagnostic, which the framework calls non-local.
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
        test.NumberOfFixAllIterations = fixAllIterations;
        test.NumberOfFixAllInDocumentIterations = fixAllIterations;
        test.NumberOfFixAllInProjectIterations = fixAllIterations;
        await test.RunAsync();
    }

    private sealed class AllAnalyzersTest : CSharpAnalyzerTest<EmptyDiagnosticAnalyzer, DefaultVerifier>
    {
        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => Analyzers.RuleCatalogueTests.Analyzers;
    }
}
