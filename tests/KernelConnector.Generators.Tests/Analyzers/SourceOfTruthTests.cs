using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using System.Xml.Linq;
using Basic.Reference.Assemblies;
using KernelConnector.Generators.Diagnostics;
using KernelConnector.Generators.Tests.Support;
using KernelConnector.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace KernelConnector.Generators.Tests.Analyzers;

/// <summary>
/// Facts the analyzers and the generator take from elsewhere instead of writing them again: the
/// repository URL and version of Directory.Build.props, the runtime's kernel ids and limits.
/// </summary>
public class SourceOfTruthTests
{
    private static string Property(string name) =>
        XDocument.Load(Path.Combine(RepositoryRoot.Path, "Directory.Build.props")).Descendants(name).Single().Value;

    [Fact]
    public void Every_help_link_is_a_section_of_the_diagnostics_page_under_the_one_repository_url()
    {
        var expected = Property("RepositoryUrl") + "/blob/" + Property("RepositoryBranch") + "/docs/diagnostics.md#";
        Assert.All(RuleCatalogueTests.Rules, rule => Assert.Equal(expected + rule.Id.ToLowerInvariant(), rule.HelpLinkUri));
    }

    [Fact]
    public void Generated_code_names_the_package_version()
    {
        var (driver, _, _) = TestCompilation.Run(TestCompilation.Create("using KernelConnector; [ConnectorMessage(20, 1)] public partial struct Probe { public uint A; }"));
        var source = driver.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.Contains($"[global::System.CodeDom.Compiler.GeneratedCode(\"KernelConnector.Generators\", \"{Property("Version")}\")]", source, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task KC0016_is_reported_for_exactly_the_ids_the_runtime_guards()
    {
        // Every kernel id of the runtime, and the ids around them, each on a message of its own.
        var candidates = CbId.KernelOwned
            .SelectMany(id => new[] { id, new CbId(id.Idx, id.Val + 1), new CbId(id.Idx + 1, id.Val) })
            .Append(new CbId(5, 1)).Append(new CbId(0, 1))
            .Distinct()
            .ToArray();
        var source = "using KernelConnector;\n" + string.Concat(candidates.Select(id =>
            $"[ConnectorMessage({id.Idx}, {id.Val}, UnicastOnly = true)] public partial struct M{id.Idx}_{id.Val} {{ public uint A; }}\n"));

        var reported = (await Diagnose(TestCompilation.Create(source), new MessageIdAnalyzer()))
            .Where(d => d.Id == Descriptors.KernelOwnedId.Id)
            .Select(d => d.Location.SourceTree!.GetRoot().FindToken(d.Location.SourceSpan.Start).ValueText)
            .Order(System.StringComparer.Ordinal);

        Assert.Equal(CbId.KernelOwned.Select(id => $"M{id.Idx}_{id.Val}").Order(System.StringComparer.Ordinal), reported);
    }

    [Fact]
    public async Task The_payload_and_group_limits_are_the_referenced_runtimes()
    {
        // A runtime that states other limits than the real one: the analyzer follows it.
        var runtime = Emit(CSharpCompilation.Create(
            "KernelConnector",
            [CSharpSyntaxTree.ParseText(RuntimeStub.Source)],
            Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)));
        var user = CSharpCompilation.Create(
            "User",
            [CSharpSyntaxTree.ParseText("""
                using System.Runtime.InteropServices;
                using KernelConnector;
                [ConnectorMessage(3, 1, MaxTrailingBytes = 4)] [StructLayout(LayoutKind.Sequential)] public partial struct TooBig { public Block Data; }
                [ConnectorMessage(3, 2)] [StructLayout(LayoutKind.Sequential)] public partial struct AtTheLimit { public Block Data; }
                [ConnectorMessage(5, 1)] [StructLayout(LayoutKind.Sequential)] public partial struct HighGroup { public uint A; }
                [ConnectorMessage(4, 1)] [StructLayout(LayoutKind.Sequential)] public partial struct TopGroup { public uint A; }
                [System.Runtime.CompilerServices.InlineArray(10)] public struct Block { private ulong _e; }
                """)],
            [.. Net100.References.All, runtime],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        var diagnostics = (await Diagnose(user, new MessageArgumentAnalyzer())).Where(d => d.Id is "KC0002" or "KC0011").ToArray();

        var tooLarge = Assert.Single(diagnostics, d => d.Id == Descriptors.PayloadTooLarge.Id);
        Assert.Equal("'TooBig' needs up to 84 bytes of payload (80 fixed + 4 trailing), over the limit of 80 bytes (CONNECTOR_MAX_MSG_SIZE 100 minus the 20-byte cn_msg)", tooLarge.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        var group = Assert.Single(diagnostics, d => d.Id == Descriptors.GroupOutOfRange.Id);
        Assert.Equal("'HighGroup' uses multicast group 5 (its idx, the default); Linux can join groups 1 to 4 only: set Group, or UnicastOnly = true if it is never multicast", group.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static MetadataReference Emit(Compilation compilation)
    {
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    private static async Task<ImmutableArray<Diagnostic>> Diagnose(Compilation compilation, DiagnosticAnalyzer analyzer) =>
        await compilation.WithAnalyzers([analyzer]).GetAnalyzerDiagnosticsAsync();
}
