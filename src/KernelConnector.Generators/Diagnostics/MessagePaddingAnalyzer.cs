using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Layout;
using KernelConnector.Generators.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KernelConnector.Generators.Diagnostics;

/// <summary>
/// KC0008, KC0014, KC0015, KC0021: where a message's fields land — padding no field declares (in
/// the message or in a struct it is made of), fields that overlap outside a union, fields past the
/// declared size.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MessagePaddingAnalyzer : MessageAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [Descriptors.ImplicitPadding, Descriptors.ExplicitOverlap, Descriptors.FieldPastSize, Descriptors.NestedPadding];

    /// <inheritdoc />
    private protected override void Analyze(SymbolAnalysisContext context, MessageTarget target)
    {
        if (MessageLayout.Compute(target.Type, target.Known) is not { } layout)
        {
            return;
        }

        if (layout.Kind == LayoutKind.Sequential)
        {
            foreach (var padding in layout.Paddings)
            {
                var where = padding.After is null ? "before the first field" : $"after '{padding.After.Name}'";
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ImplicitPadding, padding.After?.Locations.FirstOrDefault() ?? target.Location,
                    PaddingProperties(padding), padding.Bytes, where, target.Type.Name, padding.Offset));
            }
        }

        if (layout.Kind == LayoutKind.Explicit)
        {
            AnalyzeExplicit(context, target, layout);
        }

        foreach (var placement in layout.Fields)
        {
            var field = placement.Field;
            foreach (var (path, nested, padding) in NestedPaddings(field.Type, field.Name, target.Known, 0))
            {
                // The fix edits the nested struct: it needs the field the padding follows, which a
                // diagnostic may point at only inside this compilation (not in a referenced project).
                var after = padding.After?.Locations.FirstOrDefault();
                Location[] additional = after?.SourceTree is { } tree && context.Compilation.ContainsSyntaxTree(tree) ? [after] : [];
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.NestedPadding, field.Locations.FirstOrDefault() ?? target.Location, additional, PaddingProperties(padding),
                    path, target.Type.Name, nested.Name, padding.Bytes, $"after '{padding.After?.Name}'", padding.Offset));
            }
        }
    }

    // What the padding fixes need: how many bytes, from which offset.
    private static ImmutableDictionary<string, string?> PaddingProperties(Padding padding) =>
        ImmutableDictionary<string, string?>.Empty
            .Add("Bytes", padding.Bytes.ToString(CultureInfo.InvariantCulture))
            .Add("Offset", padding.Offset.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Padding inside the structs a field is made of, at any depth. Only structs declared in
    /// source: those are the ones the user can add fields to, and the only ones whose layout
    /// attributes Roslyn shows.
    /// </summary>
    private static IEnumerable<(string Path, INamedTypeSymbol Type, Padding Padding)> NestedPaddings(ITypeSymbol type, string path, KnownSymbols known, int depth)
    {
        if (depth > Nesting.MaxDepth
            || type is not INamedTypeSymbol { TypeKind: TypeKind.Struct, SpecialType: SpecialType.None } named
            || named.DeclaringSyntaxReferences.IsEmpty)
        {
            yield break;
        }

        if (MessageTargetValidator.TryGetInlineArrayLength(named, known, out _))
        {
            if (MessageTargetValidator.InstanceFields(named).FirstOrDefault() is { } element)
            {
                foreach (var inner in NestedPaddings(element.Type, path + "[]", known, depth + 1))
                {
                    yield return inner;
                }
            }

            yield break;
        }

        if (MessageLayout.Compute(named, known) is not { } layout)
        {
            yield break;
        }

        if (layout.Kind == LayoutKind.Sequential)
        {
            foreach (var padding in layout.Paddings.Where(p => p.After is not null))
            {
                yield return (path, named, padding);
            }
        }

        foreach (var placement in layout.Fields)
        {
            foreach (var inner in NestedPaddings(placement.Field.Type, path + "." + placement.Field.Name, known, depth + 1))
            {
                yield return inner;
            }
        }
    }

    private static void AnalyzeExplicit(SymbolAnalysisContext context, MessageTarget target, LayoutResult layout)
    {
        var fields = layout.Fields.OrderBy(f => f.Offset).ToArray();
        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            var location = field.Field.Locations.FirstOrDefault();
            if (layout.DeclaredSize > 0 && field.Offset + field.Size > layout.DeclaredSize)
            {
                context.Report(Descriptors.FieldPastSize, location, target, field.Field.Name, field.Offset + field.Size, layout.DeclaredSize);
            }

            // Union arms start together; a field that starts inside another one is a mistake.
            for (var j = 0; j < i; j++)
            {
                var earlier = fields[j];
                if (earlier.Offset < field.Offset && field.Offset < earlier.Offset + earlier.Size)
                {
                    context.Report(Descriptors.ExplicitOverlap, location, target,
                        field.Field.Name, field.Offset, field.Size, earlier.Field.Name, earlier.Offset, earlier.Size);
                    break;
                }
            }
        }
    }
}
