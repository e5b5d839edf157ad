using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.CodeFixes;
using KernelConnector.Generators.Diagnostics;
using KernelConnector.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace KernelConnector.Generators.Tests.HeaderParity;

/// <summary>Applies the header fix in a workspace, as an IDE would, until nothing is left for it to fix.</summary>
internal static class FixRunner
{
    public static async Task<string> ApplyAsync(string source, params (string Path, string Text)[] headers)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "Test", "Test", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true),
            parseOptions: TestCompilation.ParseOptions,
            metadataReferences: TestCompilation.References));
        var document = workspace.AddDocument(project.Id, "Test.cs", SourceText.From(source));
        foreach (var (path, text) in headers)
        {
            var solution = workspace.CurrentSolution.AddAdditionalDocument(DocumentId.CreateNewId(project.Id), path, SourceText.From(text), filePath: path);
            workspace.TryApplyChanges(solution);
        }

        var fix = new WriteFromHeaderCodeFix();
        for (var round = 0; round < 64; round++)
        {
            document = workspace.CurrentSolution.GetDocument(document.Id)!;
            var fixable = (await Diagnostics(document)).FirstOrDefault(d => fix.FixableDiagnosticIds.Contains(d.Id));
            if (fixable is null)
            {
                break;
            }

            CodeAction? action = null;
            await fix.RegisterCodeFixesAsync(new CodeFixContext(document, fixable, (a, _) => action ??= a, CancellationToken.None));
            if (action is null)
            {
                break;
            }

            foreach (var operation in await action.GetOperationsAsync(CancellationToken.None))
            {
                operation.Apply(workspace, CancellationToken.None);
            }
        }

        return (await workspace.CurrentSolution.GetDocument(document.Id)!.GetTextAsync()).ToString();
    }

    public static async Task<ImmutableArray<Diagnostic>> Diagnostics(Document document)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        return await compilation.WithAnalyzers([new HeaderParityAnalyzer()], document.Project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
    }
}
