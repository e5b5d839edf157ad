using System.Collections.Generic;
using System.Linq;
using KernelConnector.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelConnector.CodeFixes;

/// <summary>Removes fields of a message: one for the fix, all of a document's at once for Fix All.</summary>
internal static class FieldRemoval
{
    /// <summary>Whether the analyzer offers the removal: only for a field the message itself declares.</summary>
    public static bool IsRemovable(Diagnostic diagnostic) =>
        diagnostic.Properties.ContainsKey(MessageLayoutAnalyzer.RemovableProperty);

    /// <summary>The field's declarator the diagnostic is on, if it is on one.</summary>
    public static VariableDeclaratorSyntax? Declarator(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<VariableDeclaratorSyntax>().FirstOrDefault();

    /// <summary>
    /// Removes the declarators; a declaration that loses all of them goes whole, so that no
    /// <c>public Marker ;</c> is left. Comments on a removed declaration go with it; directives stay.
    /// </summary>
    public static SyntaxNode Remove(SyntaxNode root, IEnumerable<VariableDeclaratorSyntax> declarators)
    {
        var nodes = new List<SyntaxNode>();
        foreach (var group in declarators.Distinct().GroupBy(d => d.Parent?.Parent))
        {
            if (group.Key is FieldDeclarationSyntax field && group.Count() == field.Declaration.Variables.Count)
            {
                nodes.Add(field);
            }
            else
            {
                nodes.AddRange(group);
            }
        }

        return root.RemoveNodes(nodes, SyntaxRemoveOptions.KeepDirectives) ?? root;
    }
}
