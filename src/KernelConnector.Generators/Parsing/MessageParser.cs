using System.Linq;
using System.Threading;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Layout;
using KernelConnector.Generators.Model;
using KernelConnector.Generators.Validation;
using Microsoft.CodeAnalysis;

namespace KernelConnector.Generators.Parsing;

/// <summary>Turns a <c>[ConnectorMessage]</c> struct into its model, or <see langword="null"/> when it cannot be generated for.</summary>
internal static class MessageParser
{
    /// <summary>The interface's members; one the user already declared is implemented explicitly instead.</summary>
    public static readonly string[] InterfaceMembers =
        ["Id", "Group", "Size", "MaxTrailingBytes", "SequenceKeyOffset", "Validate", "View", "TryRead", "Write"];

    public static MessageModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var compilation = context.SemanticModel.Compilation;
        if (context.TargetSymbol is not INamedTypeSymbol { TypeKind: TypeKind.Struct } type
            || context.Attributes.Length != 1
            || ConnectorAttributeValues.Read(context.Attributes[0]) is not { } values
            || KnownSymbols.Resolve(compilation) is not { } known
            // The attribute on two declarations of one partial type (CS0579) makes two targets
            // of one type; generating for either would add the same file twice.
            || type.GetAttributes().Count(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, known.ConnectorMessageAttribute)) != 1
            || !MessageTargetValidator.Validate(type, known, cancellationToken).IsEmpty)
        {
            return null;
        }

        return new MessageModel(
            TargetDeclarations.Describe(type, "ConnectorMessage"),
            values.Idx,
            values.Val,
            values.Group,
            values.MaxTrailingBytes,
            FindSequenceKey(type, known),
            FieldCheckCollector.Collect(type, compilation, known, cancellationToken),
            InterfaceMembers.Where(name => !type.GetMembers(name).IsEmpty).ToEquatableArray(),
            MessageLayout.IsFieldless(type, known));
    }

    private static string? FindSequenceKey(INamedTypeSymbol type, KnownSymbols known)
    {
        foreach (var field in MessageTargetValidator.InstanceFields(type))
        {
            if (field.Type.SpecialType == SpecialType.System_UInt32 && KnownSymbols.Has(field, known.SequenceKeyAttribute))
            {
                return field.Name;
            }
        }

        return null;
    }

    public static string FullName(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
}
