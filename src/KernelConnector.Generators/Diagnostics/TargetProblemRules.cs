using System.Collections.Generic;
using KernelConnector.Generators.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KernelConnector.Generators.Diagnostics;

/// <summary>Which rule reports each problem that stops the generator.</summary>
internal static class TargetProblemRules
{
    /// <summary>
    /// The rule and message arguments of a problem. The switch has no fallback: a new
    /// <see cref="TargetProblemKind"/> without a rule is a compile error (CS8509), never a wrong id.
    /// </summary>
    public static (DiagnosticDescriptor Descriptor, object[] Args) Describe(TargetProblem problem)
    {
        // Only a value outside the enum's named ones could get past this switch (CS8524); the
        // validator never makes one, and the named ones must all be here.
#pragma warning disable CS8524
        return problem.Kind switch
        {
            TargetProblemKind.NotPartial => (Descriptors.NotPartial, [problem.Member]),
            TargetProblemKind.ContainingTypeNotPartial => (Descriptors.ContainingTypeNotPartial, [problem.Member, problem.Detail]),
            TargetProblemKind.GenericMessage => (Descriptors.GenericMessage, [problem.Member]),
            TargetProblemKind.FieldWithoutFixedLayout => (Descriptors.FieldWithoutFixedLayout, [problem.Member, problem.Detail]),
            TargetProblemKind.AutoLayout => (Descriptors.AutoLayout, [problem.Member]),
            TargetProblemKind.RefStruct => (Descriptors.RefStruct, [problem.Member]),
            TargetProblemKind.NegativeTrailingBytes => (Descriptors.NegativeTrailingBytes, [problem.Member, problem.Detail]),
        };
#pragma warning restore CS8524
    }

    /// <summary>Reports each problem with its rule, on its field or else on the message's name.</summary>
    public static void Report(SymbolAnalysisContext context, MessageTarget target, IEnumerable<TargetProblem> problems)
    {
        foreach (var problem in problems)
        {
            var (descriptor, args) = Describe(problem);
            context.ReportDiagnostic(Diagnostic.Create(descriptor, problem.Location ?? target.Location, args));
        }
    }
}
