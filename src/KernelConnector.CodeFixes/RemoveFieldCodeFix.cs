using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace KernelConnector.CodeFixes;

/// <summary>
/// KC0027: removes a field of an empty struct that the message itself declares, the byte C does
/// not have. A field nested in another struct, or an auto-property, is reported without this fix:
/// removing it would change every other use of that struct, or break the code that reads the property.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveFieldCodeFix)), Shared]
public sealed class RemoveFieldCodeFix : CodeFixProvider
{
    private const string Title = "Remove the field";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [Descriptors.EmptyStructField.Id];

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => RemoveFieldsFixAllProvider.Instance;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics.Where(FieldRemoval.IsRemovable))
        {
            if (FieldRemoval.Declarator(root, diagnostic) is { } declarator)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, _ => Task.FromResult(context.Document.WithSyntaxRoot(FieldRemoval.Remove(root, [declarator]))), nameof(RemoveFieldCodeFix)),
                    diagnostic);
            }
        }
    }
}
