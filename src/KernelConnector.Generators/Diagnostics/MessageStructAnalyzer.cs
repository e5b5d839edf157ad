using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.InteropServices;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Layout;
using KernelConnector.Generators.Parsing;
using KernelConnector.Generators.Validation;
using KernelConnector.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KernelConnector.Generators.Diagnostics;

/// <summary>
/// Checks each <c>[ConnectorMessage]</c> struct: what stops the generator (the same validation it
/// runs), the size limit, C-compatibility of its layout, its id and its group.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MessageStructAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        Descriptors.PayloadTooLarge, Descriptors.NotPartial, Descriptors.ContainingTypeNotPartial,
        Descriptors.FieldWithoutFixedLayout, Descriptors.CharField, Descriptors.BoolField, Descriptors.ImplicitPadding,
        Descriptors.AutoLayout, Descriptors.MissingStructLayout, Descriptors.GroupOutOfRange, Descriptors.ExplicitOverlap,
        Descriptors.FieldPastSize, Descriptors.KernelOwnedId, Descriptors.ReservedId, Descriptors.GenericMessage, Descriptors.RefStruct,
        Descriptors.NegativeTrailingBytes, Descriptors.NestedPadding,
    ];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (KnownSymbols.Resolve(start.Compilation) is { } known)
            {
                start.RegisterSymbolAction(symbol => Analyze(symbol, known), SymbolKind.NamedType);
            }
        });
    }

    private static void Analyze(SymbolAnalysisContext context, KnownSymbols known)
    {
        if (context.Symbol is not INamedTypeSymbol { TypeKind: TypeKind.Struct } type
            || ConnectorAttributeValues.Find(type, known) is not { } attribute)
        {
            return;
        }

        var location = type.Locations.FirstOrDefault() ?? Location.None;
        foreach (var problem in MessageTargetValidator.Validate(type, known, context.CancellationToken))
        {
            var (descriptor, args) = Describe(problem);
            context.ReportDiagnostic(Diagnostic.Create(descriptor, problem.Location ?? location, args));
        }

        if (!KnownSymbols.Has(type, known.StructLayoutAttribute))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.MissingStructLayout, location, type.Name));
        }

        foreach (var field in MessageTargetValidator.InstanceFields(type))
        {
            var fieldLocation = field.Locations.FirstOrDefault() ?? location;
            var element = field.IsFixedSizeBuffer && field.Type is IPointerTypeSymbol p ? p.PointedAtType : field.Type;
            if (element.SpecialType == SpecialType.System_Char)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CharField, fieldLocation, field.Name));
            }
            else if (element.SpecialType == SpecialType.System_Boolean)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.BoolField, fieldLocation, field.Name));
            }
        }

        if (ConnectorAttributeValues.Read(attribute) is { } values)
        {
            AnalyzeId(context, type, values, known, location);
            AnalyzeLayout(context, type, values, known, location);
        }
    }

    /// <summary>
    /// The rule and message arguments of a problem that stops the generator. The switch has no
    /// fallback: a new <see cref="TargetProblemKind"/> without a rule is a compile error (CS8509).
    /// </summary>
    internal static (DiagnosticDescriptor Descriptor, object[] Args) Describe(TargetProblem problem)
    {
        // Only a value outside the enum's named ones could get past this switch (CS8524); the
        // validator never makes one, and the named ones must all be here.
#pragma warning disable CS8524
        return problem.Kind switch
        {
            TargetProblemKind.NotPartial => (Descriptors.NotPartial, [problem.Member]),
            TargetProblemKind.ContainingTypeNotPartial => (Descriptors.ContainingTypeNotPartial, [problem.Member, problem.Detail]),
            TargetProblemKind.GenericMessage => (Descriptors.GenericMessage, [problem.Member]),
            TargetProblemKind.FieldWithoutFixedLayout => (Descriptors.FieldWithoutFixedLayout, [problem.Member, problem.Detail]),
            TargetProblemKind.AutoLayout => (Descriptors.AutoLayout, [problem.Member]),
            TargetProblemKind.RefStruct => (Descriptors.RefStruct, [problem.Member]),
            TargetProblemKind.NegativeTrailingBytes => (Descriptors.NegativeTrailingBytes, [problem.Member, problem.Detail]),
        };
#pragma warning restore CS8524
    }

    private static void AnalyzeId(SymbolAnalysisContext context, INamedTypeSymbol type, ConnectorAttributeValues values, KnownSymbols known, Location location)
    {
        if (values.Idx == uint.MaxValue && values.Val == uint.MaxValue)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ReservedId, location, type.Name));
        }
        else if (KernelOwnedIds.Owner(values.Idx, values.Val) is { } owner && !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, known.Runtime))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.KernelOwnedId, location, values.Idx, values.Val, type.Name, owner));
        }

        if (!values.UnicastOnly && (values.Group == 0 || values.Group > known.Limits.MaxGroup))
        {
            var why = values.GroupSet ? "" : " (its idx, the default)";
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.GroupOutOfRange, location, type.Name, values.Group, why, known.Limits.MaxGroup));
        }
    }

    private static void AnalyzeLayout(SymbolAnalysisContext context, INamedTypeSymbol type, ConnectorAttributeValues values, KnownSymbols known, Location location)
    {
        if (MessageLayout.Compute(type, known) is not { } layout)
        {
            return;
        }

        var limits = known.Limits;
        var total = (long)layout.Size + values.MaxTrailingBytes;
        if (total > limits.MaxPayloadSize)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.PayloadTooLarge, location, type.Name, total, layout.Size, values.MaxTrailingBytes, limits.MaxPayloadSize,
                total > ushort.MaxValue
                    ? "and over what cn_msg.len, a u16, can say"
                    : $"CONNECTOR_MAX_MSG_SIZE {limits.MaxMessageSize} minus the {limits.HeaderSize}-byte cn_msg"));
        }

        if (layout.Kind == LayoutKind.Sequential)
        {
            foreach (var padding in layout.Paddings)
            {
                var where = padding.After is null ? "before the first field" : $"after '{padding.After.Name}'";
                var at = padding.After?.Locations.FirstOrDefault() ?? location;
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ImplicitPadding, at,
                    ImmutableDictionary<string, string?>.Empty
                        .Add("Bytes", padding.Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture))
                        .Add("Offset", padding.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    padding.Bytes, where, type.Name, padding.Offset));
            }
        }

        if (layout.Kind == LayoutKind.Explicit)
        {
            AnalyzeExplicit(context, layout);
        }

        foreach (var placement in layout.Fields)
        {
            var field = placement.Field;
            foreach (var (path, nested, padding) in NestedPaddings(field.Type, field.Name, known, 0))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.NestedPadding, field.Locations.FirstOrDefault() ?? location,
                    path, type.Name, nested.Name, padding.Bytes, $"after '{padding.After?.Name}'", padding.Offset));
            }
        }
    }

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

    private static void AnalyzeExplicit(SymbolAnalysisContext context, LayoutResult layout)
    {
        var fields = layout.Fields.OrderBy(f => f.Offset).ToArray();
        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            if (layout.DeclaredSize > 0 && field.Offset + field.Size > layout.DeclaredSize)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.FieldPastSize, field.Field.Locations.FirstOrDefault(), field.Field.Name, field.Offset + field.Size, layout.DeclaredSize));
            }

            // Union arms start together; a field that starts inside another one is a mistake.
            for (var j = 0; j < i; j++)
            {
                var earlier = fields[j];
                if (earlier.Offset < field.Offset && field.Offset < earlier.Offset + earlier.Size)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.ExplicitOverlap, field.Field.Locations.FirstOrDefault(),
                        field.Field.Name, field.Offset, field.Size, earlier.Field.Name, earlier.Offset, earlier.Size));
                    break;
                }
            }
        }
    }
}
