using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Basic.Reference.Assemblies;
using KernelConnector.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;
using Xunit;

namespace KernelConnector.Generators.Tests.Analyzers;

/// <summary>
/// Every analyzer resolves the runtime's types once, when a compilation starts, and registers
/// nothing for a compilation that does not reference KernelConnector.
/// </summary>
public class CompilationStartTests
{
    // A look-alike: the runtime's attribute names in the user's own code, which is not KernelConnector.
    private const string LookAlike = """
        namespace KernelConnector
        {
            public sealed class ConnectorMessageAttribute : System.Attribute { public ConnectorMessageAttribute(uint idx, uint val) { } }
            public sealed class ConnectorCallbackAttribute : System.Attribute { }
            public readonly struct ReceivedConnectorMessage<T> { }
        }
        [KernelConnector.ConnectorMessage(1, 1)] public struct NotPartial { public char C; public bool B; public byte K; public ulong L; }
        [KernelConnector.ConnectorMessage(1, 1)] public struct Twice { public uint A; }
        public class Handlers { [KernelConnector.ConnectorCallback] void M(in KernelConnector.ReceivedConnectorMessage<Twice> m) { } int N() => 0; }
        """;

    [Fact]
    public async Task Without_the_runtime_no_analyzer_registers_an_action_or_reports_anything()
    {
        var compilation = CSharpCompilation.Create("User", [CSharpSyntaxTree.ParseText(LookAlike)], Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var (diagnostics, telemetry) = await Analyze(compilation);

        Assert.Empty(diagnostics);
        Assert.All(telemetry, t => Assert.True(
            t.Telemetry.SymbolActionsCount + t.Telemetry.SymbolStartActionsCount + t.Telemetry.CompilationEndActionsCount + t.Telemetry.SyntaxNodeActionsCount == 0,
            $"{t.Analyzer} registered actions without KernelConnector"));
    }

    [Fact]
    public void Without_the_runtime_the_generator_adds_nothing_for_look_alike_attributes()
    {
        var compilation = CSharpCompilation.Create("User", [CSharpSyntaxTree.ParseText(LookAlike.Replace("public struct", "public partial struct", System.StringComparison.Ordinal).Replace("public class Handlers", "public partial class Handlers", System.StringComparison.Ordinal))],
            Net100.References.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var (driver, output, _) = TestCompilation.Run(compilation);

        Assert.Empty(driver.GetRunResult().Results.Single().GeneratedSources);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public async Task With_the_runtime_every_analyzer_registers_its_actions()
    {
        var (diagnostics, telemetry) = await Analyze(TestCompilation.Create(LookAlike[LookAlike.IndexOf("[KernelConnector.ConnectorMessage(1, 1)] public struct NotPartial", System.StringComparison.Ordinal)..]
            .Replace("(1, 1)", "(20, 1)", System.StringComparison.Ordinal)));

        Assert.NotEmpty(diagnostics);
        Assert.All(telemetry, t => Assert.True(
            t.Telemetry.SymbolActionsCount + t.Telemetry.SymbolStartActionsCount > 0,
            $"{t.Analyzer} registered nothing with KernelConnector referenced"));
    }

    private static async Task<(ImmutableArray<Diagnostic> Diagnostics, (string Analyzer, AnalyzerTelemetryInfo Telemetry)[] Telemetry)> Analyze(Compilation compilation)
    {
        var analyzers = RuleCatalogueTests.Analyzers;
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true);
        var withAnalyzers = compilation.WithAnalyzers([.. analyzers], options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        var telemetry = new (string, AnalyzerTelemetryInfo)[analyzers.Length];
        for (var i = 0; i < analyzers.Length; i++)
        {
            telemetry[i] = (analyzers[i].GetType().Name, await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzers[i], default));
        }

        return (diagnostics, telemetry);
    }
}
