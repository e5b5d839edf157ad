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
            || !AllPartial(handler, cancellationToken))
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
    public static CallbackModel? TryDescribe(IMethodSymbol method)
    {
        if (!method.ReturnsVoid
            || method.IsGenericMethod
            || method.Parameters.Length != 1
            || method.Parameters[0].RefKind != RefKind.In
            || method.Parameters[0].Type is not INamedTypeSymbol { TypeArguments.Length: 1 } parameter
            || parameter.OriginalDefinition.ToDisplayString() != "KernelConnector.ConnectorMessage<T>"
            || parameter.TypeArguments[0] is not INamedTypeSymbol message
            || ConnectorAttributeReader(message) is not { } values
            || values.Direction == ConnectorAttributeValues.DirectionSendOnly)
        {
            return null;
        }

        return new CallbackModel(method.Name, method.IsStatic, MessageParser.FullName(message), values.Idx, values.Val);
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
