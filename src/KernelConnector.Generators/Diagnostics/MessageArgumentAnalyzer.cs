using System.Collections.Immutable;
using KernelConnector.Generators.Layout;
using KernelConnector.Generators.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KernelConnector.Generators.Diagnostics;

/// <summary>
/// KC0002, KC0011, KC0020: the <c>[ConnectorMessage]</c> arguments the kernel or the generator
/// cannot take (a payload over the kernel's limit, a group Linux cannot join, negative trailing
/// bytes). The limits are the referenced runtime's.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MessageArgumentAnalyzer : MessageAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [Descriptors.PayloadTooLarge, Descriptors.GroupOutOfRange, Descriptors.NegativeTrailingBytes];

    /// <inheritdoc />
    private protected override void Analyze(SymbolAnalysisContext context, MessageTarget target)
    {
        TargetProblemRules.Report(context, target, MessageTargetValidator.ValidateArguments(target.Type, target.Known));
        if (target.Values is not { } values)
        {
            return;
        }

        var limits = target.Known.Limits;
        if (!values.UnicastOnly && (values.Group == 0 || values.Group > limits.MaxGroup))
        {
            var why = values.GroupSet ? "" : " (its idx, the default)";
            context.Report(Descriptors.GroupOutOfRange, null, target, target.Type.Name, values.Group, why, limits.MaxGroup);
        }

        if (MessageLayout.PayloadSize(target.Type, target.Known) is { } size)
        {
            var total = (long)size + values.MaxTrailingBytes;
            if (total > limits.MaxPayloadSize)
            {
                context.Report(Descriptors.PayloadTooLarge, null, target, target.Type.Name, total, size, values.MaxTrailingBytes, limits.MaxPayloadSize,
                    total > ushort.MaxValue
                        ? "and over what cn_msg.len, a u16, can say"
                        : $"CONNECTOR_MAX_MSG_SIZE {limits.MaxMessageSize} minus the {limits.HeaderSize}-byte cn_msg");
            }
        }
    }
}
