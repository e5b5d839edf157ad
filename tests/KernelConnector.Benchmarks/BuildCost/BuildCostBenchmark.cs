using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Basic.Reference.Assemblies;
using KernelConnector.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KernelConnector.Benchmarks.BuildCost;

/// <summary>
/// What the generator and analyzers cost a build: a project of 500 message structs and 50 handler
/// classes, against the System.Text.Json source generator on 500 comparable types, in one run.
/// Both generators are loaded from their assemblies as the compiler loads them.
/// </summary>
internal static class BuildCostBenchmark
{
    private const int Types = 500;
    private const int Handlers = 50;
    private const int Runs = 10;

    public static async Task<int> RunAsync()
    {
        var ours = LoadAnalyzers(Path.Combine(RepositoryRoot.Path, "src", "KernelConnector.Generators", "bin", "Release", "netstandard2.0", "KernelConnector.Generators.dll"));
        var stjPath = Directory.GetFiles(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref"), "System.Text.Json.SourceGeneration.dll", SearchOption.AllDirectories)
            .Where(p => p.Contains(Path.Combine("analyzers", "dotnet", "cs"), StringComparison.Ordinal)).OrderDescending().First();
        var stj = LoadAnalyzers(stjPath);

        var references = Net100.References.All.Add(MetadataReference.CreateFromFile(typeof(CbId).Assembly.Location));
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true);
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var connector = CSharpCompilation.Create("Connector", [CSharpSyntaxTree.ParseText(ConnectorProject(), parse)], references, options);
        var json = CSharpCompilation.Create("Json", [CSharpSyntaxTree.ParseText(JsonProject(), parse)], references, options);

        double Time(ImmutableArray<ISourceGenerator> generators, Compilation compilation, out int files)
        {
            var best = double.MaxValue;
            files = 0;
            for (var i = 0; i < Runs; i++)
            {
                GeneratorDriver driver = CSharpGeneratorDriver.Create(generators, parseOptions: parse);
                var clock = Stopwatch.StartNew();
                driver = driver.RunGenerators(compilation);
                best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
                files = driver.GetRunResult().GeneratedTrees.Length;
            }

            return best;
        }

        var ourMs = Time(ours.Generators, connector, out var ourFiles);
        var stjMs = Time(stj.Generators, json, out var stjFiles);

        // The analyzers, timed by the compiler's own telemetry over the generated compilation.
        var generated = CSharpGeneratorDriver.Create(ours.Generators, parseOptions: parse).RunGeneratorsAndUpdateCompilation(connector, out var withGenerated, out _);
        var analyzerMs = double.MaxValue;
        for (var i = 0; i < Runs; i++)
        {
            var analysis = withGenerated.WithAnalyzers(ours.Analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
            var result = await analysis.GetAnalysisResultAsync(default);
            analyzerMs = Math.Min(analyzerMs, result.AnalyzerTelemetryInfo.Values.Sum(t => t.ExecutionTime.TotalMilliseconds));
        }

        Console.WriteLine($"| generator | input | files generated | best of {Runs} runs | ratio |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: |");
        Console.WriteLine($"| System.Text.Json (baseline) | {Types} types | {stjFiles} | {stjMs:0.0} ms | 1.00 |");
        Console.WriteLine($"| KernelConnector generator | {Types} messages, {Handlers} handler classes | {ourFiles} | {ourMs:0.0} ms | {ourMs / stjMs:0.00} |");
        Console.WriteLine($"| KernelConnector analyzers ({ours.Analyzers.Length}) | the same, generated code included | — | {analyzerMs:0.0} ms | {analyzerMs / stjMs:0.00} |");
        return ourFiles == Types + Handlers && stjFiles > 0 ? 0 : 2;
    }

    private static (ImmutableArray<ISourceGenerator> Generators, ImmutableArray<DiagnosticAnalyzer> Analyzers) LoadAnalyzers(string path)
    {
        var reference = new AnalyzerFileReference(Path.GetFullPath(path), new Loader());
        return ([.. reference.GetGenerators(LanguageNames.CSharp)], reference.GetAnalyzers(LanguageNames.CSharp));
    }

    private static string ConnectorProject()
    {
        var text = new StringBuilder("using System.Runtime.InteropServices; using KernelConnector;\nnamespace Load;\n");
        for (var i = 0; i < Types; i++)
        {
            text.Append($"[ConnectorMessage({(i % 30) + 1}, {i + 100})] [StructLayout(LayoutKind.Sequential)] public partial struct M{i} {{ public uint Kind; public uint Flags; public ulong Stamp; public int A; public int B; public ushort Port; public byte Level; public byte Pad; public int C; }}\n");
        }

        for (var h = 0; h < Handlers; h++)
        {
            text.Append($"public partial class H{h} {{\n");
            for (var i = h * 10; i < (h * 10) + 10; i++)
            {
                text.Append($"  [ConnectorCallback] private void On{i}(in ReceivedConnectorMessage<M{i}> m) {{ }}\n");
            }

            text.Append("}\n");
        }

        return text.ToString();
    }

    private static string JsonProject()
    {
        var text = new StringBuilder("using System.Text.Json.Serialization;\nnamespace Load;\n");
        for (var i = 0; i < Types; i++)
        {
            text.Append($"public struct J{i} {{ public uint Kind {{ get; set; }} public uint Flags {{ get; set; }} public ulong Stamp {{ get; set; }} public int A {{ get; set; }} public int B {{ get; set; }} public ushort Port {{ get; set; }} public byte Level {{ get; set; }} public int C {{ get; set; }} }}\n");
        }

        text.Append(string.Concat(Enumerable.Range(0, Types).Select(i => $"[JsonSerializable(typeof(J{i}))]\n")));
        text.Append("public partial class LoadContext : JsonSerializerContext { }\n");
        return text.ToString();
    }

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public System.Reflection.Assembly LoadFromPath(string fullPath) => System.Reflection.Assembly.LoadFrom(fullPath);
    }
}
