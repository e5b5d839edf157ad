using System.Collections.Immutable;
using System.Linq;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KernelConnector.Generators.Diagnostics;

/// <summary>
/// KC0013, KC0022, KC0024, KC0025: a class with <c>[ConnectorCallback]</c> methods the generator
/// cannot complete (static, generic or not a class; not partial; a member that clashes with a
/// generated one) or whose dispatch could not choose (two callbacks for one message).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HandlerClassAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [Descriptors.DuplicateCallback, Descriptors.HandlerNotPartial, Descriptors.HandlerMemberClash, Descriptors.HandlerClassShape];

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

        var callbacks = type.GetMembers().OfType<IMethodSymbol>().Where(m => KnownSymbols.Has(m, known.ConnectorCallbackAttribute)).ToArray();
        if (callbacks.Length == 0)
        {
            return;
        }

        if (HandlerTargetValidator.ValidateShape(type) is { } shape)
        {
            // Nothing else matters for a class the generator never completes.
            HandlerProblemRules.Report(context, shape);
            return;
        }

        foreach (var problem in HandlerTargetValidator.ValidateClass(type, known, context.CancellationToken))
        {
            HandlerProblemRules.Report(context, problem);
        }

        var valid = callbacks
            .Select(method => (Method: method, HandlerTargetValidator.ValidateCallback(method, known).Callback))
            .Where(c => c.Callback is not null);
        foreach (var (later, first) in HandlerTargetValidator.Duplicates(valid, c => c.Callback!))
        {
            HandlerProblemRules.Report(context, HandlerTargetValidator.Duplicate(later.Method, first.Method, later.Callback!));
        }
    }
}
