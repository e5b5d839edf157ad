using System.Collections.Immutable;
using KernelConnector.Generators.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KernelConnector.Generators.Diagnostics;

/// <summary>
/// KC0003, KC0004, KC0018, KC0019: a <c>[ConnectorMessage]</c> declaration the generator cannot
/// complete (not partial, in a type that is not partial, generic, a ref struct).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MessageDeclarationAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [Descriptors.NotPartial, Descriptors.ContainingTypeNotPartial, Descriptors.GenericMessage, Descriptors.RefStruct];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterMessageAction(static (symbol, target) =>
            TargetProblemRules.Report(symbol, target, MessageTargetValidator.ValidateDeclaration(target.Type, symbol.CancellationToken)));
    }
}
