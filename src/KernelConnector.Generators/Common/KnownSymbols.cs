using Microsoft.CodeAnalysis;

namespace KernelConnector.Generators.Common;

/// <summary>
/// The runtime's and the BCL's types the generator and analyzers look for, resolved once per
/// compilation and compared with <see cref="SymbolEqualityComparer"/>: a type that merely has the
/// same name (a user's own <c>ConnectorMessageAttribute</c>) is not one of them.
/// </summary>
internal sealed class KnownSymbols
{
    private KnownSymbols(Compilation compilation, INamedTypeSymbol message, INamedTypeSymbol callback, INamedTypeSymbol closedEnum,
        INamedTypeSymbol sequenceKey, INamedTypeSymbol receivedConnectorMessageOfT, INamedTypeSymbol router, INamedTypeSymbol received,
        INamedTypeSymbol cStruct, ConnectorLimits limits)
    {
        ConnectorMessageAttribute = message;
        ConnectorCallbackAttribute = callback;
        ClosedEnumAttribute = closedEnum;
        SequenceKeyAttribute = sequenceKey;
        ReceivedConnectorMessageOfT = receivedConnectorMessageOfT;
        ConnectorRouter = router;
        ReceivedConnectorMessage = received;
        CStructAttribute = cStruct;
        Limits = limits;
        StructLayoutAttribute = compilation.GetTypeByMetadataName(KnownNames.StructLayoutAttribute);
        FieldOffsetAttribute = compilation.GetTypeByMetadataName(KnownNames.FieldOffsetAttribute);
        InlineArrayAttribute = compilation.GetTypeByMetadataName(KnownNames.InlineArrayAttribute);
        GeneratedCodeAttribute = compilation.GetTypeByMetadataName(KnownNames.GeneratedCodeAttribute);
        DateTimeOffset = compilation.GetTypeByMetadataName(KnownNames.DateTimeOffset);
        KeyValuePair = compilation.GetTypeByMetadataName(KnownNames.KeyValuePair);
        ReadOnlySpanOfByte = compilation.GetTypeByMetadataName(KnownNames.ReadOnlySpan)?.Construct(compilation.GetSpecialType(SpecialType.System_Byte));
        UInt32 = compilation.GetSpecialType(SpecialType.System_UInt32);
    }

    public INamedTypeSymbol ConnectorMessageAttribute { get; }

    public INamedTypeSymbol ConnectorCallbackAttribute { get; }

    public INamedTypeSymbol ClosedEnumAttribute { get; }

    public INamedTypeSymbol SequenceKeyAttribute { get; }

    /// <summary><c>ReceivedConnectorMessage&lt;T&gt;</c>, the envelope a callback receives (its definition).</summary>
    public INamedTypeSymbol ReceivedConnectorMessageOfT { get; }

    public INamedTypeSymbol ConnectorRouter { get; }

    public INamedTypeSymbol ReceivedConnectorMessage { get; }

    /// <summary><c>[CStruct(header, name)]</c>: the C struct a struct must match.</summary>
    public INamedTypeSymbol CStructAttribute { get; }

    /// <summary>The runtime assembly itself.</summary>
    public IAssemblySymbol Runtime => ConnectorMessageAttribute.ContainingAssembly;

    /// <summary>The kernel's limits as the runtime states them.</summary>
    public ConnectorLimits Limits { get; }

    // BCL types: null where the target framework lacks them, which then never match.
    public INamedTypeSymbol? StructLayoutAttribute { get; }

    public INamedTypeSymbol? FieldOffsetAttribute { get; }

    public INamedTypeSymbol? InlineArrayAttribute { get; }

    public INamedTypeSymbol? GeneratedCodeAttribute { get; }

    public INamedTypeSymbol? DateTimeOffset { get; }

    /// <summary><c>KeyValuePair&lt;TKey, TValue&gt;</c> (its definition).</summary>
    public INamedTypeSymbol? KeyValuePair { get; }

    public INamedTypeSymbol? ReadOnlySpanOfByte { get; }

    public INamedTypeSymbol UInt32 { get; }

    /// <summary>
    /// The symbols of <paramref name="compilation"/>, or <see langword="null"/> when it does not
    /// reference a KernelConnector runtime (or one without the types this version knows): then
    /// there is nothing to generate or check.
    /// </summary>
    public static KnownSymbols? Resolve(Compilation compilation)
    {
        if (compilation.GetTypeByMetadataName(KnownNames.ConnectorMessageAttribute) is not { } message
            || compilation.GetTypeByMetadataName(KnownNames.ConnectorCallbackAttribute) is not { } callback
            || compilation.GetTypeByMetadataName(KnownNames.ClosedEnumAttribute) is not { } closedEnum
            || compilation.GetTypeByMetadataName(KnownNames.SequenceKeyAttribute) is not { } sequenceKey
            || compilation.GetTypeByMetadataName(KnownNames.ReceivedConnectorMessageOfT) is not { } receivedConnectorMessageOfT
            || compilation.GetTypeByMetadataName(KnownNames.ConnectorRouter) is not { } router
            || compilation.GetTypeByMetadataName(KnownNames.ReceivedConnectorMessage) is not { } received
            || compilation.GetTypeByMetadataName(KnownNames.CStructAttribute) is not { } cStruct
            || ConnectorLimits.Read(compilation) is not { } limits)
        {
            return null;
        }

        return new KnownSymbols(compilation, message, callback, closedEnum, sequenceKey, receivedConnectorMessageOfT, router, received, cStruct, limits);
    }

    /// <summary>The first attribute of <paramref name="symbol"/> whose class is <paramref name="attributeClass"/>.</summary>
    public static AttributeData? Find(ISymbol symbol, INamedTypeSymbol? attributeClass)
    {
        if (attributeClass is null)
        {
            return null;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeClass))
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="symbol"/> has an attribute of class <paramref name="attributeClass"/>.</summary>
    public static bool Has(ISymbol symbol, INamedTypeSymbol? attributeClass) => Find(symbol, attributeClass) is not null;

    /// <summary>Whether <paramref name="type"/> is <paramref name="known"/> or constructed from it.</summary>
    public static bool IsDefinition(ITypeSymbol type, INamedTypeSymbol? known) =>
        known is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);
}
