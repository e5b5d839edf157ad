using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Model;
using KernelConnector.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace KernelConnector.Generators.Validation;

/// <summary>
/// The one place that decides whether a handler class and its <c>[ConnectorCallback]</c> methods
/// can be generated for; the generator and the analyzers both call it. The class rules cost the
/// same for every callback (no walk over the class's members), so the generator can check them
/// once per callback without work that grows with the class; duplicates are found among the
/// callbacks of a class, by the generator over its models and by the analyzer over symbols.
/// </summary>
internal static class HandlerTargetValidator
{
    /// <summary>The names of what the generator adds to a handler class, as KC0024 lists them.</summary>
    public const string GeneratedMemberNames = "Register, Dispatch";

    /// <summary>Why the class cannot hold generated instance members, or <see langword="null"/> when it can.</summary>
    public static HandlerProblem? ValidateShape(INamedTypeSymbol handler)
    {
        var what = handler switch
        {
            { TypeKind: TypeKind.Struct } => "a struct",
            { TypeKind: TypeKind.Interface } => "an interface",
            { TypeKind: not TypeKind.Class } => "not a class",
            { IsStatic: true } => "a static class",
            { TypeParameters.Length: > 0 } => "generic",
            _ => null,
        };
        return what is null ? null : new HandlerProblem(HandlerProblemKind.ClassShape, handler.Name, null, "", what, handler.Locations.FirstOrDefault());
    }

    /// <summary>What keeps a class of the right shape from being completed: a type that is not partial, a clashing member.</summary>
    public static ImmutableArray<HandlerProblem> ValidateClass(INamedTypeSymbol handler, KnownSymbols known, CancellationToken cancellationToken)
    {
        var problems = ImmutableArray.CreateBuilder<HandlerProblem>();
        var location = handler.Locations.FirstOrDefault();
        for (var type = handler; type is not null; type = type.ContainingType)
        {
            if (!MessageTargetValidator.IsPartial(type, cancellationToken))
            {
                // Once per class: the fix makes it and every type around it partial.
                problems.Add(new HandlerProblem(HandlerProblemKind.NotPartial, handler.Name, null, type.Name, "", location));
                break;
            }
        }

        foreach (var member in ClashingMembers(handler, known))
        {
            problems.Add(new HandlerProblem(HandlerProblemKind.MemberClash, handler.Name, null, member.Name, "", member.Locations.FirstOrDefault() ?? location));
        }

        return problems.ToImmutable();
    }

    /// <summary>A callback's model, or the problem that leaves it out of the dispatch.</summary>
    public static (CallbackModel? Callback, HandlerProblem? Problem) ValidateCallback(IMethodSymbol method, KnownSymbols known)
    {
        var location = method.Locations.FirstOrDefault();
        if (MessageOf(method, known) is not var (message, values))
        {
            return (null, new HandlerProblem(HandlerProblemKind.WrongSignature, method.ContainingType.Name, method.Name, "", "", location));
        }

        if (values.Direction == ConnectorAttributeValues.DirectionSendOnly)
        {
            return (null, new HandlerProblem(HandlerProblemKind.SendOnlyMessage, method.ContainingType.Name, method.Name, message.Name, "", location));
        }

        return (new CallbackModel(method.Name, method.IsStatic, MessageParser.FullName(message), values.Idx, values.Val), null);
    }

    /// <summary>Each callback whose message already has an earlier callback in the class, with that earlier one.</summary>
    public static IEnumerable<(T Later, T First)> Duplicates<T>(IEnumerable<T> callbacks, System.Func<T, CallbackModel> model)
    {
        var first = new Dictionary<(uint, uint), T>();
        foreach (var callback in callbacks)
        {
            var id = (model(callback).Idx, model(callback).Val);
            if (first.TryGetValue(id, out var earlier))
            {
                yield return (callback, earlier);
            }
            else
            {
                first.Add(id, callback);
            }
        }
    }

    /// <summary>The problem of <paramref name="later"/>, a second callback for the message of <paramref name="first"/>.</summary>
    public static HandlerProblem Duplicate(IMethodSymbol later, IMethodSymbol first, CallbackModel callback) =>
        new(HandlerProblemKind.DuplicateCallback, later.ContainingType.Name, later.Name, first.Name, callback.MessageType.Replace("global::", ""), later.Locations.FirstOrDefault());

    /// <summary>
    /// Members of a handler class that clash with what the generator adds: a method with the same
    /// name and parameter types, or another kind of member with the same name. The generator's own
    /// output (seen by the analyzers) does not count.
    /// </summary>
    private static IEnumerable<ISymbol> ClashingMembers(INamedTypeSymbol handler, KnownSymbols known)
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
            || !KnownSymbols.IsDefinition(parameter, known.ReceivedConnectorMessageOfT)
            || parameter.TypeArguments[0] is not INamedTypeSymbol message
            || ConnectorAttributeValues.Of(message, known) is not { } values)
        {
            return null;
        }

        return (message, values);
    }
}
