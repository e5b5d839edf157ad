using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using KernelConnector.Generators.CHeaders;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.HeaderParity;
using KernelConnector.Generators.Layout;
using KernelConnector.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace KernelConnector.Generators.Diagnostics;

/// <summary>
/// Compares each <c>[CStruct]</c> struct with the C struct it names, in a header among the
/// project's AdditionalFiles: size, alignment, every field's offset, size and signedness, arrays,
/// nested structs and unions, and a message's trailing bytes against a flexible array member.
/// Each difference is reported on the C# field and quotes the header line.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HeaderParityAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The diagnostic property that names the C struct, for the code fix.</summary>
    internal const string StructProperty = "CStruct";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        Descriptors.HeaderNotFound, Descriptors.CStructNotFound, Descriptors.HeaderNotEvaluated, Descriptors.CSizeMismatch,
        Descriptors.COffsetMismatch, Descriptors.CFieldSizeMismatch, Descriptors.CSignednessMismatch, Descriptors.CArrayLengthMismatch,
        Descriptors.CMemberMissing, Descriptors.CExtraField, Descriptors.CShapeMismatch, Descriptors.CFlexibleArrayMismatch,
        Descriptors.CAlignmentMismatch,
    ];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterWithKnownSymbols(static (start, known) =>
        {
            // Read once per compilation, each header when a struct first needs it (and once per text across compilations).
            var headers = HeaderParityCache.Headers(start.Options.AdditionalFiles, start.CancellationToken);
            var texts = start.Options.AdditionalFiles;
            start.RegisterSymbolAction(c => Analyze(c, known, headers, texts), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, KnownSymbols known, CHeaderSet headers, ImmutableArray<AdditionalText> texts)
    {
        if (context.Symbol is not INamedTypeSymbol { TypeKind: TypeKind.Struct } type
            || KnownSymbols.Find(type, known.CStructAttribute) is not { } attribute
            || attribute.ConstructorArguments.Length != 2
            || attribute.ConstructorArguments[0].Value is not string header
            || attribute.ConstructorArguments[1].Value is not string name
            || string.IsNullOrWhiteSpace(header) || string.IsNullOrWhiteSpace(name))
        {
            return;
        }

        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken);
        var at = attributeSyntax?.GetLocation() ?? type.Locations.FirstOrDefault() ?? Location.None;

        // Differences of the whole struct sit on the declaration that names the C struct (a partial struct has several).
        var declaration = attributeSyntax?.FirstAncestorOrSelf<TypeDeclarationSyntax>()?.Identifier.GetLocation() ?? type.Locations.FirstOrDefault() ?? at;
        var matches = headers.Match(header);
        if (matches.Count != 1)
        {
            var why = matches.Count == 0
                ? $"is not among the project's AdditionalFiles: add <AdditionalFiles Include=\"path/to/{header}\" />"
                : $"matches several AdditionalFiles ({string.Join(", ", matches)}): name it by more of its path";
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.HeaderNotFound, at, type.Name, header, why));
            return;
        }

        var file = headers.Read(matches[0]);
        var resolution = headers.Resolve(file, name);
        if (resolution.Known is { } declared)
        {
            var list = declared.Count == 0 ? " (it declares no struct the reader found)" : $" (it declares {string.Join(", ", declared.Take(12))}{(declared.Count > 12 ? ", ..." : "")})";
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.CStructNotFound, at, type.Name, name, file.Name, list));
            return;
        }

        if (resolution.Problem is { } problem)
        {
            var problemFile = resolution.ProblemFile ?? file;
            var quote = new CQuote(problemFile.Name, problemFile.Path, problem.Line, problemFile.LineText(problem.Line));
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.HeaderNotEvaluated, at, HeaderLocation(quote, texts), null, name, quote.ToString(), problem.Message));
            return;
        }

        if (ManagedLayoutReader.Read(type, known) is not { } managed)
        {
            return;
        }

        var trailing = ConnectorAttributeValues.Of(type, known)?.MaxTrailingBytes;

        // A message without fields sends no bytes of its own, as GNU C's empty struct has none;
        // only as a field of another struct does it take the runtime's one byte (and differ from C).
        if (trailing is not null && MessageLayout.IsFieldless(type, known))
        {
            managed = managed with { Size = 0 };
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(StructProperty, name);
        foreach (var difference in HeaderParityCache.Compare(file, managed, resolution.Node!, trailing))
        {
            var location = difference.Field.Length == 0
                ? declaration
                : type.GetMembers(difference.Field).FirstOrDefault()?.Locations.FirstOrDefault() ?? at;
            context.ReportDiagnostic(Diagnostic.Create(Rule(difference.Rule), location, HeaderLocation(difference.Quote, texts), properties,
                difference.Arguments.Select(a => (object)a).ToArray()));
        }
    }

    /// <summary>The rule of each kind of difference. No fallback: a new kind without a rule is a compile error (CS8509).</summary>
    internal static DiagnosticDescriptor Rule(ParityRule rule)
    {
#pragma warning disable CS8524 // Only a value outside the named ones could get past; the comparer makes none.
        return rule switch
        {
            ParityRule.Size => Descriptors.CSizeMismatch,
            ParityRule.Offset => Descriptors.COffsetMismatch,
            ParityRule.FieldSize => Descriptors.CFieldSizeMismatch,
            ParityRule.Signedness => Descriptors.CSignednessMismatch,
            ParityRule.ArrayLength => Descriptors.CArrayLengthMismatch,
            ParityRule.MissingMember => Descriptors.CMemberMissing,
            ParityRule.ExtraField => Descriptors.CExtraField,
            ParityRule.Shape => Descriptors.CShapeMismatch,
            ParityRule.FlexibleArray => Descriptors.CFlexibleArrayMismatch,
            ParityRule.Alignment => Descriptors.CAlignmentMismatch,
        };
#pragma warning restore CS8524
    }

    // The quoted line as a location in the header, so that an IDE can go there.
    private static IEnumerable<Location> HeaderLocation(CQuote quote, ImmutableArray<AdditionalText> texts)
    {
        var file = texts.FirstOrDefault(t => t.Path == quote.Path);
        if (file?.GetText() is not { } text || quote.Line < 1 || quote.Line > text.Lines.Count)
        {
            return [];
        }

        var line = text.Lines[quote.Line - 1];
        return [Location.Create(quote.Path, line.Span, new LinePositionSpan(new LinePosition(quote.Line - 1, 0), new LinePosition(quote.Line - 1, line.Span.Length)))];
    }
}
