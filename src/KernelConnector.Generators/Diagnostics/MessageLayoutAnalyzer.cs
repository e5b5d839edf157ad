using System.Collections.Immutable;
using System.Linq;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KernelConnector.Generators.Diagnostics;

/// <summary>
/// KC0005, KC0006, KC0007, KC0009, KC0010, KC0026, KC0027: what a message's bytes are made of —
/// fields with no fixed layout, C#'s two-byte char, bools checked on every read, an Auto layout, a
/// layout not stated, addresses and address-sized integers, empty structs C gives no byte.
/// Where the fields land (padding, overlaps) is <see cref="MessagePaddingAnalyzer"/>'s.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MessageLayoutAnalyzer : MessageAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        Descriptors.FieldWithoutFixedLayout, Descriptors.CharField, Descriptors.BoolField, Descriptors.AutoLayout, Descriptors.MissingStructLayout,
        Descriptors.AddressField, Descriptors.EmptyStructField,
    ];

    /// <summary>The property that tells the code fix which fixed-width integer to declare; set only on a field declared with that type itself.</summary>
    internal const string FixedWidthProperty = "FixedWidth";

    /// <summary>The property that tells the code fix it may remove the field: set only on a field the message itself declares.</summary>
    internal const string RemovableProperty = "Removable";

    /// <inheritdoc />
    private protected override void Analyze(SymbolAnalysisContext context, MessageTarget target)
    {
        TargetProblemRules.Report(context, target, MessageTargetValidator.ValidateLayout(target.Type, target.Known, context.CancellationToken));

        if (!KnownSymbols.Has(target.Type, target.Known.StructLayoutAttribute))
        {
            context.Report(Descriptors.MissingStructLayout, null, target, target.Type.Name);
        }

        foreach (var field in MessageTargetValidator.InstanceFields(target.Type))
        {
            var element = field.IsFixedSizeBuffer && field.Type is IPointerTypeSymbol p ? p.PointedAtType : field.Type;
            if (element.SpecialType == SpecialType.System_Char)
            {
                context.Report(Descriptors.CharField, field.Locations.FirstOrDefault(), target, field.Name);
            }
            else if (element.SpecialType == SpecialType.System_Boolean)
            {
                context.Report(Descriptors.BoolField, field.Locations.FirstOrDefault(), target, field.Name);
            }

            if (AddressFieldFinder.Find(field, context.CancellationToken) is { } address)
            {
                ReportAddress(context, target, field, address);
            }

            if (EmptyStructFieldFinder.Find(field, target.Known) is { } empty)
            {
                ReportEmptyStruct(context, target, field, empty);
            }
        }
    }

    private static void ReportAddress(SymbolAnalysisContext context, MessageTarget target, IFieldSymbol field, AddressField address) =>
        ReportWithFix(context, target, field, Descriptors.AddressField, address.Nested, FixedWidthProperty, address.FixedWidth,
            address.Path, address.Kind, address.Type, address.FixedWidth);

    // Removing a nested struct's field changes every other use of that struct, and removing a
    // property may break code that reads it: only a field of the message itself is offered.
    private static void ReportEmptyStruct(SymbolAnalysisContext context, MessageTarget target, IFieldSymbol field, EmptyStructField empty) =>
        ReportWithFix(context, target, field, Descriptors.EmptyStructField, empty.Nested, RemovableProperty, "", empty.Path, empty.Type);

    /// <summary>
    /// Reports a rule found in <paramref name="field"/>, on the field (a property for its backing
    /// field), with the property that offers its code fix only when the fix can edit that very
    /// declaration: not for something nested in another struct, nor for a property's backing field,
    /// which has no declaration of its own.
    /// </summary>
    private static void ReportWithFix(
        SymbolAnalysisContext context, MessageTarget target, IFieldSymbol field, DiagnosticDescriptor rule, bool nested, string fixProperty, string fixValue, params object?[] arguments)
    {
        var declared = field.AssociatedSymbol ?? field;
        var properties = nested || field.IsImplicitlyDeclared
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add(fixProperty, fixValue);
        context.ReportDiagnostic(Diagnostic.Create(rule, declared.Locations.FirstOrDefault() ?? target.Location, properties, arguments));
    }
}
