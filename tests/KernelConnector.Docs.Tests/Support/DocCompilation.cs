using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Basic.Reference.Assemblies;
using KernelConnector.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KernelConnector.Docs.Tests.Support;

/// <summary>
/// Compiles documentation blocks as a user's project would: .NET 10, the package's runtime,
/// hosting, generator and analyzers, the implicit usings below, warnings as errors. Every
/// diagnostic is mapped back to the Markdown file and line it comes from.
/// </summary>
public static partial class DocCompilation
{
    /// <summary>
    /// What every block may use without a using directive: the .NET SDK's implicit usings for a
    /// console app and a worker service, and the namespaces of the packages the docs are about.
    /// </summary>
    public static readonly string[] GlobalUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
        "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
        "System.Runtime.InteropServices", "KernelConnector", "KernelConnector.ProcessEvents", "KernelConnector.Hosting",
        "OpenTelemetry.Logs",
    ];

    /// <summary>
    /// Only the .NET SDK's implicit usings (a console app's and a worker service's): the documents
    /// in <see cref="UsingStrictDocuments"/> show every other using directive they need, so that a
    /// block a reader copies into a new project compiles there too.
    /// </summary>
    public static readonly string[] SdkUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
        "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    ];

    /// <summary>The documents compiled with <see cref="SdkUsings"/> only.</summary>
    public static readonly string[] UsingStrictDocuments = ["README.md", "docs/hosting.md"];

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. Net100.References.All,
        .. Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
            .Where(f => Path.GetFileName(f) is var name
                && ((name.StartsWith("KernelConnector.", StringComparison.Ordinal) && !name.StartsWith("KernelConnector.Generators", StringComparison.Ordinal) && !name.StartsWith("KernelConnector.Docs", StringComparison.Ordinal))
                    || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
                    || name.StartsWith("OpenTelemetry", StringComparison.Ordinal)))
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)),
    ];

    /// <summary>The package's analyzers, found in its generator assembly as the compiler finds them.</summary>
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
    [
        .. typeof(ConnectorGenerator).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!),
    ];

    /// <summary>
    /// The compilation after the generator ran, and every warning and error (compiler, generator,
    /// analyzers), with the blocks' C headers as the project's AdditionalFiles.
    /// </summary>
    public static async Task<(Compilation Compilation, ImmutableArray<Diagnostic> Diagnostics)> CompileAsync(IReadOnlyList<DocBlock> blocks)
    {
        ImmutableArray<AdditionalText> headers = [.. blocks.SelectMany(b => b.Headers).DistinctBy(h => h.Path).Select(h => new DocHeaderText(h))];
        var trees = new List<SyntaxTree>
        {
            CSharpSyntaxTree.ParseText(string.Concat(UsingsFor(blocks).Select(u => $"global using {u};\n")), ParseOptions, path: "GlobalUsings.g.cs"),
        };
        trees.AddRange(blocks.Select((b, i) => CSharpSyntaxTree.ParseText(Source(b), ParseOptions, path: $"Block{i}.cs")));
        var program = trees.Any(t => t.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any());
        var compilation = CSharpCompilation.Create(
            "DocExample",
            trees,
            References,
            new CSharpCompilationOptions(program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

        CSharpGeneratorDriver.Create([new ConnectorGenerator().AsSourceGenerator()], headers, ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics);
        var all = await generated.WithAnalyzers(Analyzers, new AnalyzerOptions(headers)).GetAllDiagnosticsAsync().ConfigureAwait(false);
        return (generated, [.. generatorDiagnostics.Concat(all).Where(d => d.Severity >= DiagnosticSeverity.Warning).Distinct()]);
    }

    /// <summary>The global usings a set of blocks is compiled with: the SDK's alone for a using-strict document.</summary>
    public static IReadOnlyList<string> UsingsFor(IReadOnlyList<DocBlock> blocks) =>
        blocks.Count > 0 && blocks.All(b => UsingStrictDocuments.Contains(b.File.Replace('\\', '/'), StringComparer.Ordinal)) ? SdkUsings : GlobalUsings;

    /// <summary>"README.md(44,5): error CS0103: …", one line each.</summary>
    public static string Format(IEnumerable<Diagnostic> diagnostics) =>
        string.Join('\n', diagnostics.Select(d =>
        {
            var span = d.Location.GetMappedLineSpan();
            var where = span.IsValid ? string.Create(CultureInfo.InvariantCulture, $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})") : "(no location)";
            return $"{where}: {d.Severity.ToString().ToLowerInvariant()} {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}";
        }));

    /// <summary>The block's code with its Markdown position, so that diagnostics point at the Markdown.</summary>
    private static string Source(DocBlock block)
    {
        if (block.Kind != DocBlockKind.Fragment)
        {
            return Mapped(block, block.Line, block.Code);
        }

        // A fragment may open with the using directives a reader needs (the namespaces beyond the
        // implicit ones): they go above the method, as they would in the reader's file.
        var lines = block.Code.Split('\n');
        var usings = lines.TakeWhile(l => UsingDirective().IsMatch(l)).Count();
        var statements = string.Join('\n', lines.Skip(usings));

        // Statements, in the body of a method that has what a fragment may assume.
        return string.Create(CultureInfo.InvariantCulture, $$"""
            {{(usings > 0 ? Mapped(block, block.Line, string.Join('\n', lines.Take(usings))) : "")}}
            #pragma warning disable CS1998 // a fragment need not await
            file static class Fragment{{block.Line}}
            {
                public static async global::System.Threading.Tasks.Task RunAsync(string[] args, global::System.Threading.CancellationToken cancellationToken)
                {
            {{Mapped(block, block.Line + usings, statements)}}
                }
            }
            """);
    }

    private static string Mapped(DocBlock block, int line, string code) => $"#line {line} \"{block.File}\"\n{code}\n#line default\n";

    // A namespace import, not a using declaration ("using var x = ...;").
    [GeneratedRegex(@"^using (static )?[A-Za-z_][A-Za-z0-9_.]*;\s*$")]
    private static partial Regex UsingDirective();
}
