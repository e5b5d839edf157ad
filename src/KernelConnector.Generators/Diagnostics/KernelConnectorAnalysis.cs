using System;
using KernelConnector.Generators.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KernelConnector.Generators.Diagnostics;

/// <summary>How every KernelConnector analyzer starts: once per compilation that references the runtime.</summary>
internal static class KernelConnectorAnalysis
{
    /// <summary>
    /// Resolves the runtime's symbols when a compilation starts and calls <paramref name="register"/>
    /// with them; a compilation without KernelConnector gets no action at all.
    /// </summary>
    public static void RegisterWithKnownSymbols(this AnalysisContext context, Action<CompilationStartAnalysisContext, KnownSymbols> register) =>
        context.RegisterCompilationStartAction(start =>
        {
            if (KnownSymbols.Resolve(start.Compilation) is { } known)
            {
                register(start, known);
            }
        });

    /// <summary>Calls <paramref name="analyze"/> for every <c>[ConnectorMessage]</c> struct of a compilation that references KernelConnector.</summary>
    public static void RegisterMessageAction(this AnalysisContext context, Action<SymbolAnalysisContext, MessageTarget> analyze) =>
        context.RegisterWithKnownSymbols((start, known) => start.RegisterSymbolAction(
            symbol =>
            {
                if (MessageTarget.Of(symbol.Symbol, known, symbol.CancellationToken) is { } target)
                {
                    analyze(symbol, target);
                }
            },
            SymbolKind.NamedType));

    /// <summary>Reports <paramref name="descriptor"/> at <paramref name="location"/>, or at the message when it has none.</summary>
    public static void Report(this SymbolAnalysisContext context, DiagnosticDescriptor descriptor, Location? location, MessageTarget target, params object?[] args) =>
        context.ReportDiagnostic(Diagnostic.Create(descriptor, location ?? target.Location, args));
}
