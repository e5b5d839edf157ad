using System.Collections.Immutable;
using KernelConnector.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KernelConnector.Generators.Diagnostics;

/// <summary>
/// KC0016, KC0017: a message id that is not the application's to use (the kernel's, or the
/// connector's reserved control id). Duplicates are <see cref="DuplicateIdAnalyzer"/>'s.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MessageIdAnalyzer : MessageAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Descriptors.KernelOwnedId, Descriptors.ReservedId];

    /// <inheritdoc />
    private protected override void Analyze(SymbolAnalysisContext context, MessageTarget target)
    {
        if (target.Values is not { } values)
        {
            return;
        }

        if (values.Idx == uint.MaxValue && values.Val == uint.MaxValue)
        {
            context.Report(Descriptors.ReservedId, null, target, target.Type.Name);
        }
        else if (KernelOwnedIds.Owner(values.Idx, values.Val) is { } owner
            && !SymbolEqualityComparer.Default.Equals(target.Type.ContainingAssembly, target.Known.Runtime))
        {
            // The runtime's own definitions of the kernel's messages are what the id is for.
            context.Report(Descriptors.KernelOwnedId, null, target, values.Idx, values.Val, target.Type.Name, owner);
        }
    }
}
