using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Parsing;
using KernelConnector.Generators.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KernelConnector.Generators.Diagnostics;

/// <summary>
/// KC0012, KC0013, KC0022, KC0023, KC0024: <c>[ConnectorCallback]</c> methods, and handler
/// classes, the generator cannot wire up.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CallbackAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        Descriptors.CallbackSignature, Descriptors.DuplicateCallback, Descriptors.HandlerNotPartial,
        Descriptors.SendOnlyCallback, Descriptors.HandlerMemberClash,
    ];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterWithKnownSymbols(static (start, known) => start.RegisterSymbolAction(symbol => Analyze(symbol, known), SymbolKind.NamedType));
    }

    private static void Analyze(SymbolAnalysisContext context, KnownSymbols known)
    {
        if (context.Symbol is not INamedTypeSymbol type)
        {
            return;
        }

        var callbacks = type.GetMembers().OfType<IMethodSymbol>()
            .Where(m => KnownSymbols.Has(m, known.ConnectorCallbackAttribute))
            .ToArray();
        if (callbacks.Length == 0)
        {
            return;
        }

        if (ClassProblem(type) is { } problem)
        {
            foreach (var method in callbacks)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CallbackSignature, method.Locations.FirstOrDefault() ?? Location.None, method.Name, problem));
            }

            return;
        }

        var typeLocation = type.Locations.FirstOrDefault() ?? Location.None;
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (!MessageTargetValidator.IsPartial(t, context.CancellationToken))
            {
                // Once per handler class: the fix makes it and every type around it partial.
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.HandlerNotPartial, typeLocation, t.Name, type.Name));
                break;
            }
        }

        foreach (var member in HandlerParser.ClashingMembers(type, known))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.HandlerMemberClash, member.Locations.FirstOrDefault() ?? typeLocation,
                type.Name, member.Name, "Register, Dispatch, GetSequenceKeyOffset"));
        }

        var seen = new Dictionary<(uint, uint), IMethodSymbol>();
        foreach (var method in callbacks)
        {
            var location = method.Locations.FirstOrDefault() ?? Location.None;
            if (HandlerParser.TryDescribe(method, known) is not { } callback)
            {
                context.ReportDiagnostic(HandlerParser.SendOnlyMessage(method, known) is { } message
                    ? Diagnostic.Create(Descriptors.SendOnlyCallback, location, method.Name, message.Name)
                    : Diagnostic.Create(Descriptors.CallbackSignature, location, method.Name, ""));
                continue;
            }

            if (seen.TryGetValue((callback.Idx, callback.Val), out var first))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.DuplicateCallback, location, first.Name, method.Name, type.Name, callback.MessageType.Replace("global::", "")));
            }
            else
            {
                seen.Add((callback.Idx, callback.Val), method);
            }
        }
    }

    private static string? ClassProblem(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class || type.IsStatic)
        {
            return "; it must be a method of a non-static partial class";
        }

        if (type.TypeParameters.Length > 0)
        {
            return "; its class must not be generic";
        }

        return null;
    }
}
