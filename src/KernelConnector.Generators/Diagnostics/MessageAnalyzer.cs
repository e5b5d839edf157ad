using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KernelConnector.Generators.Diagnostics;

/// <summary>
/// An analyzer of <c>[ConnectorMessage]</c> structs: each concern's analyzer says only what it
/// checks in one struct; how it is called (once per compilation that references KernelConnector,
/// for every struct with the attribute, concurrently, not in generated code) is the same for all.
/// </summary>
public abstract class MessageAnalyzer : DiagnosticAnalyzer
{
    private protected MessageAnalyzer()
    {
    }

    /// <inheritdoc />
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterMessageAction(Analyze);
    }

    private protected abstract void Analyze(SymbolAnalysisContext context, MessageTarget target);
}
