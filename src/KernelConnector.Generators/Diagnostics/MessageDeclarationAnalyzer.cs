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
public sealed class MessageDeclarationAnalyzer : MessageAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [Descriptors.NotPartial, Descriptors.ContainingTypeNotPartial, Descriptors.GenericMessage, Descriptors.RefStruct];

    /// <inheritdoc />
    private protected override void Analyze(SymbolAnalysisContext context, MessageTarget target) =>
        TargetProblemRules.Report(context, target, MessageTargetValidator.ValidateDeclaration(target.Type, context.CancellationToken));
}
