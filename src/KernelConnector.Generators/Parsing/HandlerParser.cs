using System.Collections.Generic;
using System.Linq;
using System.Threading;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Model;
using KernelConnector.Generators.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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
            || !AllPartial(handler, cancellationToken)
            || ClashingMembers(handler).Any())
        {
            return null;
        }

        var callbacks = new List<CallbackModel>();
        var ids = new HashSet<(uint, uint)>();
        foreach (var method in handler.GetMembers().OfType<IMethodSymbol>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.ConnectorCallbackAttribute))
            {
                continue;
            }

            if (TryDescribe(method) is not { } callback)
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
    public static CallbackModel? TryDescribe(IMethodSymbol method) =>
        MessageOf(method) is var (message, values) && values.Direction != ConnectorAttributeValues.DirectionSendOnly
            ? new CallbackModel(method.Name, method.IsStatic, MessageParser.FullName(message), values.Idx, values.Val)
            : null;

    /// <summary>The message of a callback whose signature is right but whose message is declared <c>SendOnly</c>.</summary>
    public static INamedTypeSymbol? SendOnlyMessage(IMethodSymbol method) =>
        MessageOf(method) is var (message, values) && values.Direction == ConnectorAttributeValues.DirectionSendOnly ? message : null;

    /// <summary>
    /// Members of a handler class that clash with what the generator adds: a method with the same
    /// name and parameter types, or another kind of member with the same name. The generator's own
    /// output (seen by the analyzers) does not count.
    /// </summary>
    public static IEnumerable<ISymbol> ClashingMembers(INamedTypeSymbol handler)
    {
        foreach (var name in GeneratedMembers.Select(g => g.Name).Distinct())
        {
            foreach (var member in handler.GetMembers(name))
            {
                if (IsGenerated(member))
                {
                    continue;
                }

                if (member is not IMethodSymbol method
                    || (method.Arity == 0
                        && GeneratedMembers.Any(g => g.Name == name
                            && method.Parameters.Select(p => p.Type.ToDisplayString()).SequenceEqual(g.Parameters))))
                {
                    yield return member;
                }
            }
        }
    }

    /// <summary>What the generator adds to a handler class (see HandlerEmitter), by name and parameter types.</summary>
    public static readonly (string Name, string[] Parameters)[] GeneratedMembers =
    [
        ("Register", ["KernelConnector.ConnectorRouter"]),
        ("Dispatch", ["KernelConnector.ReceivedConnectorMessage"]),
        ("Dispatch", ["System.ReadOnlySpan<byte>", "uint"]),
        ("GetSequenceKeyOffset", ["KernelConnector.CbId"]),
    ];

    private static bool IsGenerated(ISymbol member) =>
        member.GetAttributes().Any(a =>
            a.AttributeClass?.ToDisplayString() == KnownNames.GeneratedCodeAttribute
            && a.ConstructorArguments.Length == 2
            && a.ConstructorArguments[0].Value is KnownNames.GeneratorName);

    private static (INamedTypeSymbol Message, ConnectorAttributeValues Values)? MessageOf(IMethodSymbol method)
    {
        if (!method.ReturnsVoid
            || method.IsGenericMethod
            || method.Parameters.Length != 1
            || method.Parameters[0].RefKind != RefKind.In
            || method.Parameters[0].Type is not INamedTypeSymbol { TypeArguments.Length: 1 } parameter
            || parameter.OriginalDefinition.ToDisplayString() != "KernelConnector.ConnectorMessage<T>"
            || parameter.TypeArguments[0] is not INamedTypeSymbol message
            || ConnectorAttributeReader(message) is not { } values)
        {
            return null;
        }

        return (message, values);
    }

    private static ConnectorAttributeValues? ConnectorAttributeReader(INamedTypeSymbol message) =>
        ConnectorAttributeValues.Find(message) is { } attribute ? ConnectorAttributeValues.Read(attribute) : null;

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
