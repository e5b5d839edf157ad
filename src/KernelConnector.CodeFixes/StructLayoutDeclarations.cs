using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace KernelConnector.CodeFixes;

/// <summary>States a struct's sequential layout, for the fixes of KC0010 and KC0021.</summary>
internal static class StructLayoutDeclarations
{
    private const string InteropNamespace = "System.Runtime.InteropServices";

    /// <summary><paramref name="declaration"/> with <c>[StructLayout(LayoutKind.Sequential)]</c> added after its other attributes.</summary>
    public static TypeDeclarationSyntax AddSequential(TypeDeclarationSyntax declaration)
    {
        var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(
                SyntaxFactory.IdentifierName("StructLayout"),
                SyntaxFactory.ParseAttributeArgumentList("(LayoutKind.Sequential)"))))
            .WithTrailingTrivia(SyntaxFactory.ElasticLineFeed);

        // A declaration's comments and indentation stay in front of its first attribute.
        var updated = declaration.AttributeLists.Count > 0
            ? declaration.AddAttributeLists(list)
            : declaration.WithoutLeadingTrivia().AddAttributeLists(list.WithLeadingTrivia(declaration.GetLeadingTrivia()));
        return updated.WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary><paramref name="root"/> with <c>using System.Runtime.InteropServices;</c>, if it had none.</summary>
    public static CompilationUnitSyntax AddUsing(CompilationUnitSyntax root) =>
        root.Usings.Any(u => u.Name?.ToString() == InteropNamespace)
            ? root
            : root.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(InteropNamespace)).WithAdditionalAnnotations(Formatter.Annotation));
}
