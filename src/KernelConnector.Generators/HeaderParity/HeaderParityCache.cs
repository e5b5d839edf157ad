using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using KernelConnector.Generators.CHeaders;
using KernelConnector.Generators.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace KernelConnector.Generators.HeaderParity;

/// <summary>
/// What survives from one compilation to the next while its inputs are unchanged: a header is
/// read once per text (an IDE keeps an unchanged file's text across edits), and a comparison is
/// made once per pair of layouts. So an edit elsewhere, or of another header, re-reads nothing and
/// re-compares nothing; an edit of the header re-reads it and re-compares only what depends on it.
/// Both tables hold their entries only as long as the text (or the read header) lives.
/// </summary>
internal static class HeaderParityCache
{
    private const int MaxComparisonsPerHeader = 256;
    private static readonly ConditionalWeakTable<SourceText, CHeaderFile> Parsed = new();
    private static readonly ConditionalWeakTable<CHeaderFile, Comparisons> Compared = new();

    /// <summary>The headers of a compilation: every additional file, each read when a struct first needs it.</summary>
    public static CHeaderSet Headers(ImmutableArray<AdditionalText> files, CancellationToken cancellationToken) =>
        new(files.Select(f => (f.Path, (Func<CHeaderFile>)(() => Read(f, cancellationToken)))));

    public static EquatableArray<ParityDifference> Compare(CHeaderFile file, ManagedStruct managed, CNode c, int? maxTrailingBytes) =>
        Compared.GetValue(file, _ => new Comparisons()).Get(new Key(managed, c, maxTrailingBytes));

    /// <summary>The header read from this text, if it has been; for the tests.</summary>
    internal static CHeaderFile? Cached(SourceText text) => Parsed.TryGetValue(text, out var file) ? file : null;

    /// <summary>How many comparisons were made (not found made) with this header; for the tests.</summary>
    internal static int ComparisonsMade(CHeaderFile file) => Compared.TryGetValue(file, out var comparisons) ? comparisons.Made : 0;

    private static CHeaderFile Read(AdditionalText additional, CancellationToken cancellationToken)
    {
        var text = additional.GetText(cancellationToken);
        if (text is null)
        {
            return CHeaderFile.Parse(additional.Path, "", cancellationToken);
        }

        if (Parsed.TryGetValue(text, out var known) && known.Path == additional.Path)
        {
            return known;
        }

        var file = CHeaderFile.Parse(additional.Path, text.ToString(), cancellationToken);
        var stored = Parsed.GetValue(text, _ => file);
        return stored.Path == additional.Path ? stored : file;
    }

    private sealed record Key(ManagedStruct Managed, CNode C, int? MaxTrailingBytes);

    private sealed class Comparisons
    {
        private readonly Dictionary<Key, EquatableArray<ParityDifference>> _results = [];

        public int Made { get; private set; }

        public EquatableArray<ParityDifference> Get(Key key)
        {
            lock (_results)
            {
                if (_results.TryGetValue(key, out var known))
                {
                    return known;
                }
            }

            var result = ParityComparer.Compare(key.Managed, key.C, key.MaxTrailingBytes);
            lock (_results)
            {
                // While a struct is being edited each version is a new key; keep the table small.
                if (_results.Count >= MaxComparisonsPerHeader)
                {
                    _results.Clear();
                }

                _results[key] = result;
                Made++;
            }

            return result;
        }
    }
}
