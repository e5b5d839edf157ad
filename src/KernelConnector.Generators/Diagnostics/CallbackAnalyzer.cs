using System.Collections.Immutable;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KernelConnector.Generators.Diagnostics;

/// <summary>
/// KC0012, KC0023: a <c>[ConnectorCallback]</c> method the generator leaves out of the dispatch
/// (a wrong signature, a message that is never received). What is wrong with its class is
/// <see cref="HandlerClassAnalyzer"/>'s.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CallbackAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Descriptors.CallbackSignature, Descriptors.SendOnlyCallback];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterWithKnownSymbols(static (start, known) => start.RegisterSymbolAction(symbol => Analyze(symbol, known), SymbolKind.Method));
    }

    private static void Analyze(SymbolAnalysisContext context, KnownSymbols known)
    {
        if (context.Symbol is not IMethodSymbol method || !KnownSymbols.Has(method, known.ConnectorCallbackAttribute))
        {
            return;
        }

        // Checked in any class: a class of the wrong shape is HandlerClassAnalyzer's (KC0025), and
        // a callback that is right stays silent there.
        if (HandlerTargetValidator.ValidateCallback(method, known).Problem is { } problem)
        {
            HandlerProblemRules.Report(context, problem);
        }
    }
}
