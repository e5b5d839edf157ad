using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Model;
using KernelConnector.Generators.Validation;
using Microsoft.CodeAnalysis;

namespace KernelConnector.Generators.Parsing;

/// <summary>
/// Turns each <c>[ConnectorCallback]</c> method into a small item (its class's declaration and the
/// callback), then groups the items into one model per class. Each method is described on its
/// own, so the work grows with the number of callbacks, not with callbacks times class size.
/// </summary>
internal static class HandlerParser
{
    /// <summary>
    /// The item of one callback: its class, and the callback itself unless the generator leaves it
    /// out (a wrong signature, a send-only message); <see langword="null"/> when the class cannot
    /// be generated for at all.
    /// </summary>
    public static CallbackItem? ParseCallback(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol { ContainingType: { } handler } method
            || HandlerTargetValidator.ValidateShape(handler) is not null
            || KnownSymbols.Resolve(context.SemanticModel.Compilation) is not { } known
            || !HandlerTargetValidator.ValidateClass(handler, known, cancellationToken).IsEmpty)
        {
            return null;
        }

        return new CallbackItem(TargetDeclarations.Describe(handler, "ConnectorHandlers"), HandlerTargetValidator.ValidateCallback(method, known).Callback);
    }

    /// <summary>
    /// One model per class, its callbacks in the order of their items. A class with two callbacks
    /// for one message is left out: the analyzers report it, and the switch could not choose.
    /// </summary>
    public static ImmutableArray<HandlerModel> Group(ImmutableArray<CallbackItem> items, CancellationToken cancellationToken)
    {
        var classes = new Dictionary<TargetDeclaration, List<CallbackModel>>();
        var order = new List<TargetDeclaration>();
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!classes.TryGetValue(item.Handler, out var callbacks))
            {
                classes.Add(item.Handler, callbacks = []);
                order.Add(item.Handler);
            }

            if (item.Callback is { } callback)
            {
                callbacks.Add(callback);
            }
        }

        var models = ImmutableArray.CreateBuilder<HandlerModel>(order.Count);
        foreach (var handler in order)
        {
            var callbacks = classes[handler];
            using var duplicates = HandlerTargetValidator.Duplicates(callbacks, c => c).GetEnumerator();
            if (!duplicates.MoveNext())
            {
                models.Add(new HandlerModel(handler, callbacks.ToEquatableArray()));
            }
        }

        return models.ToImmutable();
    }
}
