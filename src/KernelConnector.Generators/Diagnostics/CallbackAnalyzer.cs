using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Parsing;
using KernelConnector.Generators.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KernelConnector.Generators.Diagnostics;

/// <summary>KC0012 and KC0013: <c>[ConnectorCallback]</c> methods the generator cannot wire up.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CallbackAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Descriptors.CallbackSignature, Descriptors.DuplicateCallback];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(Analyze, SymbolKind.NamedType);
    }

    private static void Analyze(SymbolAnalysisContext context)
    {
        if (context.Symbol is not INamedTypeSymbol type)
        {
            return;
        }

        var seen = new Dictionary<(uint, uint), IMethodSymbol>();
        foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
        {
            if (!method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.ConnectorCallbackAttribute))
            {
                continue;
            }

            var location = method.Locations.FirstOrDefault() ?? Location.None;
            if (ClassProblem(type, context) is { } problem)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CallbackSignature, location, method.Name, problem));
                continue;
            }

            if (HandlerParser.TryDescribe(method) is not { } callback)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CallbackSignature, location, method.Name, ""));
                continue;
            }

            if (seen.TryGetValue((callback.Idx, callback.Val), out var first))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.DuplicateCallback, location, first.Name, method.Name, type.Name, callback.MessageType.Replace("global::", "")));
            }
            else
            {
                seen.Add((callback.Idx, callback.Val), method);
            }
        }
    }

    private static string? ClassProblem(INamedTypeSymbol type, SymbolAnalysisContext context)
    {
        if (type.TypeKind != TypeKind.Class || type.IsStatic)
        {
            return "; it must be a method of a non-static partial class";
        }

        if (type.TypeParameters.Length > 0)
        {
            return "; its class must not be generic";
        }

        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (!MessageTargetValidator.IsPartial(t, context.CancellationToken))
            {
                return $"; '{t.Name}' must be declared partial";
            }
        }

        return null;
    }
}
