using KernelConnector.Generators.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KernelConnector.Generators.Diagnostics;

/// <summary>Which rule reports each problem of a handler class or callback.</summary>
internal static class HandlerProblemRules
{
    /// <summary>
    /// The rule and message arguments of a problem. The switch has no fallback: a new
    /// <see cref="HandlerProblemKind"/> without a rule is a compile error (CS8509), never a wrong id.
    /// </summary>
    public static (DiagnosticDescriptor Descriptor, object?[] Args) Describe(HandlerProblem problem)
    {
        // Only a value outside the enum's named ones could get past this switch (CS8524); the
        // validator never makes one, and the named ones must all be here.
#pragma warning disable CS8524
        return problem.Kind switch
        {
            HandlerProblemKind.ClassShape => (Descriptors.HandlerClassShape, [problem.Class, problem.Detail]),
            HandlerProblemKind.NotPartial => (Descriptors.HandlerNotPartial, [problem.Other, problem.Class]),
            HandlerProblemKind.MemberClash => (Descriptors.HandlerMemberClash, [problem.Class, problem.Other, HandlerTargetValidator.GeneratedMemberNames]),
            HandlerProblemKind.WrongSignature => (Descriptors.CallbackSignature, [problem.Method]),
            HandlerProblemKind.SendOnlyMessage => (Descriptors.SendOnlyCallback, [problem.Method, problem.Other]),
            HandlerProblemKind.DuplicateCallback => (Descriptors.DuplicateCallback, [problem.Other, problem.Method, problem.Class, problem.Detail]),
        };
#pragma warning restore CS8524
    }

    public static void Report(SymbolAnalysisContext context, HandlerProblem problem)
    {
        var (descriptor, args) = Describe(problem);
        context.ReportDiagnostic(Diagnostic.Create(descriptor, problem.Location ?? Location.None, args));
    }
}
