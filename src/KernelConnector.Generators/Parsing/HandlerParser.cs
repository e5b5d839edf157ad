using System.Collections.Generic;
using System.Linq;
using System.Threading;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Model;
using KernelConnector.Generators.Validation;
using Microsoft.CodeAnalysis;

namespace KernelConnector.Generators.Parsing;

/// <summary>
/// Turns the class of a <c>[ConnectorCallback]</c> method into a handler model: every valid
/// callback of the class, or <see langword="null"/> when the class cannot be generated for.
/// </summary>
internal static class HandlerParser
{
    public static HandlerModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol { ContainingType: { TypeKind: TypeKind.Class, IsStatic: false } handler }
            || handler.TypeParameters.Length > 0
            || KnownSymbols.Resolve(context.SemanticModel.Compilation) is not { } known
            || !AllPartial(handler, cancellationToken)
            || ClashingMembers(handler, known).Any())
        {
            return null;
        }

        var callbacks = new List<CallbackModel>();
        var ids = new HashSet<(uint, uint)>();
        foreach (var method in handler.GetMembers().OfType<IMethodSymbol>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!KnownSymbols.Has(method, known.ConnectorCallbackAttribute))
            {
                continue;
            }

            if (TryDescribe(method, known) is not { } callback)
            {
                continue;
            }

            if (!ids.Add((callback.Idx, callback.Val)))
            {
                // Two callbacks for one message: the analyzers report it; the switch could not say which.
                return null;
            }

            callbacks.Add(callback);
        }

        return new HandlerModel(TargetDeclarations.Describe(handler, "ConnectorHandlers"), callbacks.ToEquatableArray());
    }

    /// <summary>The message a callback handles, if its signature is <c>void M(in ConnectorMessage&lt;T&gt;)</c> of a received message type.</summary>
    public static CallbackModel? TryDescribe(IMethodSymbol method, KnownSymbols known) =>
        MessageOf(method, known) is var (message, values) && values.Direction != ConnectorAttributeValues.DirectionSendOnly
            ? new CallbackModel(method.Name, method.IsStatic, MessageParser.FullName(message), values.Idx, values.Val)
            : null;

    /// <summary>The message of a callback whose signature is right but whose message is declared <c>SendOnly</c>.</summary>
    public static INamedTypeSymbol? SendOnlyMessage(IMethodSymbol method, KnownSymbols known) =>
        MessageOf(method, known) is var (message, values) && values.Direction == ConnectorAttributeValues.DirectionSendOnly ? message : null;

    /// <summary>
    /// Members of a handler class that clash with what the generator adds: a method with the same
    /// name and parameter types, or another kind of member with the same name. The generator's own
    /// output (seen by the analyzers) does not count.
    /// </summary>
    public static IEnumerable<ISymbol> ClashingMembers(INamedTypeSymbol handler, KnownSymbols known)
    {
        var generated = GeneratedMembers(known);
        foreach (var name in generated.Select(g => g.Name).Distinct())
        {
            foreach (var member in handler.GetMembers(name))
            {
                if (IsGenerated(member, known))
                {
                    continue;
                }

                if (member is not IMethodSymbol method
                    || (method.Arity == 0
                        && generated.Any(g => g.Name == name
                            && method.Parameters.Select(p => p.Type).SequenceEqual(g.Parameters, SymbolEqualityComparer.Default))))
                {
                    yield return member;
                }
            }
        }
    }

    /// <summary>What the generator adds to a handler class (see HandlerEmitter), by name and parameter types.</summary>
    private static (string Name, ITypeSymbol?[] Parameters)[] GeneratedMembers(KnownSymbols known) =>
    [
        ("Register", [known.ConnectorRouter]),
        ("Dispatch", [known.ReceivedConnectorMessage]),
        ("Dispatch", [known.ReadOnlySpanOfByte, known.UInt32]),
        ("GetSequenceKeyOffset", [known.CbId]),
    ];

    private static bool IsGenerated(ISymbol member, KnownSymbols known) =>
        KnownSymbols.Find(member, known.GeneratedCodeAttribute) is { ConstructorArguments: [{ Value: KnownNames.GeneratorName }, _] };

    private static (INamedTypeSymbol Message, ConnectorAttributeValues Values)? MessageOf(IMethodSymbol method, KnownSymbols known)
    {
        if (!method.ReturnsVoid
            || method.IsGenericMethod
            || method.Parameters.Length != 1
            || method.Parameters[0].RefKind != RefKind.In
            || method.Parameters[0].Type is not INamedTypeSymbol { TypeArguments.Length: 1 } parameter
            || !KnownSymbols.IsDefinition(parameter, known.ConnectorMessageOfT)
            || parameter.TypeArguments[0] is not INamedTypeSymbol message
            || ConnectorAttributeValues.Of(message, known) is not { } values)
        {
            return null;
        }

        return (message, values);
    }

    private static bool AllPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (!MessageTargetValidator.IsPartial(t, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }
}
