using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KernelConnector.Generators.Diagnostics;

/// <summary>
/// KC0001: two message types that can be received share a connector id, in this compilation or
/// with a referenced assembly (such as the runtime's own process-event types). Types declared
/// <c>Direction = SendOnly</c> may share an id: only receivers must tell messages apart.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DuplicateIdAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Descriptors.DuplicateId];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterWithKnownSymbols(static (start, known) =>
        {
            var declared = new ConcurrentBag<(uint Idx, uint Val, INamedTypeSymbol Type)>();
            start.RegisterSymbolAction(symbol =>
            {
                if (symbol.Symbol is INamedTypeSymbol { TypeKind: TypeKind.Struct } type && Receivable(type, known) is { } id)
                {
                    declared.Add((id.Idx, id.Val, type));
                }
            }, SymbolKind.NamedType);

            start.RegisterCompilationEndAction(end =>
            {
                var referenced = ReferencedMessages(end.Compilation, known);
                foreach (var group in declared.Concat(referenced).GroupBy(d => (d.Idx, d.Val)))
                {
                    var types = group.Select(g => g.Type).Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default).ToArray();
                    if (types.Length < 2)
                    {
                        continue;
                    }

                    foreach (var type in types.Where(t => SymbolEqualityComparer.Default.Equals(t.ContainingAssembly, end.Compilation.Assembly)))
                    {
                        var others = string.Join(", ", types.Where(t => !SymbolEqualityComparer.Default.Equals(t, type)).Select(t => t.ToDisplayString()));
                        var location = ConnectorAttributeValues.Find(type, known) is { } attribute
                            ? MessageTarget.NameLocation(type, attribute, end.CancellationToken)
                            : type.Locations.FirstOrDefault();
                        end.ReportDiagnostic(Diagnostic.Create(Descriptors.DuplicateId, location,
                            ImmutableDictionary<string, string?>.Empty.Add("Idx", group.Key.Idx.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                            group.Key.Idx, group.Key.Val, type.Name, others));
                    }
                }
            });
        });
    }

    internal static (uint Idx, uint Val)? Receivable(INamedTypeSymbol type, KnownSymbols known) =>
        ConnectorAttributeValues.Of(type, known) is { } values
        && values.Direction != ConnectorAttributeValues.DirectionSendOnly
            ? (values.Idx, values.Val)
            : null;

    /// <summary>Message types of referenced assemblies that use KernelConnector (the runtime itself included).</summary>
    internal static IEnumerable<(uint Idx, uint Val, INamedTypeSymbol Type)> ReferencedMessages(Compilation compilation, KnownSymbols known)
    {
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (!SymbolEqualityComparer.Default.Equals(assembly, known.Runtime)
                && !assembly.Modules.Any(m => m.ReferencedAssemblySymbols.Contains(known.Runtime, SymbolEqualityComparer.Default)))
            {
                continue;
            }

            foreach (var type in Types(assembly.GlobalNamespace))
            {
                if (type.TypeKind == TypeKind.Struct && Receivable(type, known) is { } id)
                {
                    yield return (id.Idx, id.Val, type);
                }
            }
        }
    }

    private static IEnumerable<INamedTypeSymbol> Types(INamespaceOrTypeSymbol container)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceOrTypeSymbol nested)
            {
                if (member is INamedTypeSymbol type)
                {
                    yield return type;
                }

                foreach (var inner in Types(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}
