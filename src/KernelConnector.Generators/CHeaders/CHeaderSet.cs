using System;
using System.Collections.Generic;
using System.Linq;

namespace KernelConnector.Generators.CHeaders;

/// <summary>The outcome of looking up a struct: its layout, or why there is none.</summary>
/// <param name="Node">The struct's layout, when it could be computed.</param>
/// <param name="Problem">Why it could not, with the line (in <paramref name="ProblemFile"/>) that shows it.</param>
/// <param name="ProblemFile">The header the problem is in.</param>
/// <param name="Known">When the struct is not declared at all: the structs the header does declare.</param>
internal sealed record CResolution(CNode? Node, CProblem? Problem, CHeaderFile? ProblemFile, IReadOnlyList<string>? Known);

/// <summary>
/// The headers of one compilation (its AdditionalFiles), each read at most once and only when a
/// struct needs it. A header's <c>#include</c> is found among the others by path suffix, so that
/// <c>#include &lt;linux/dm-ioctl.h&gt;</c> finds <c>.../include/linux/dm-ioctl.h</c>.
/// Thread-safe: analyzers run concurrently.
/// </summary>
internal sealed class CHeaderSet
{
    private const int MaxIncludeDepth = 16;

    // What <linux/types.h> and its friends define, the reader knows (CBuiltinTypes); missing, they are no loss.
    private static readonly HashSet<string> KnownIncludes =
    [
        "linux/types.h", "asm/types.h", "linux/posix_types.h", "asm/posix_types.h", "asm-generic/int-ll64.h", "linux/stddef.h",
        "stdint.h", "stddef.h", "sys/types.h", "linux/const.h", "asm/byteorder.h", "asm/bitsperlong.h",
    ];

    private readonly IReadOnlyList<Source> _sources;
    private readonly Dictionary<(CHeaderFile, string), CResolution> _resolved = [];

    public CHeaderSet(IEnumerable<(string Path, Func<CHeaderFile> Read)> files) =>
        _sources = files.Select(f => new Source(f.Path, f.Read)).ToArray();

    /// <summary>The paths of the files whose path is, or ends with, <paramref name="header"/>, in ordinal order (the order of AdditionalFiles is not stable).</summary>
    public IReadOnlyList<string> Match(string header)
    {
        var wanted = Normalize(header).TrimStart('/');
        if (wanted.Length == 0)
        {
            return [];
        }

        return _sources
            .Where(s => Normalize(s.Path) is var path && (path == wanted || path.EndsWith("/" + wanted, StringComparison.Ordinal)))
            .Select(s => s.Path)
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToArray();
    }

    public CHeaderFile Read(string path) => _sources.First(s => s.Path == path).File;

    /// <summary>The header and every header it includes, found among the files, nearest first.</summary>
    public IReadOnlyList<CHeaderFile> Visible(CHeaderFile file)
    {
        var seen = new List<CHeaderFile> { file };
        var queue = new Queue<(CHeaderFile File, int Depth)>();
        queue.Enqueue((file, 0));
        while (queue.Count > 0)
        {
            var (current, depth) = queue.Dequeue();
            if (depth >= MaxIncludeDepth)
            {
                continue;
            }

            foreach (var include in current.Includes)
            {
                if (Include(include) is { } included && !seen.Contains(included))
                {
                    seen.Add(included);
                    queue.Enqueue((included, depth + 1));
                }
            }
        }

        return seen;
    }

    /// <summary>The includes of the header (and of those found) that are not among the files, and that the reader does not know.</summary>
    public IReadOnlyList<CInclude> Missing(CHeaderFile file) =>
        Visible(file).SelectMany(f => f.Includes).Where(i => !KnownIncludes.Contains(i.Path) && Include(i) is null).Distinct().ToArray();

    /// <summary>
    /// Lays out a struct or union of the header (<c>proc_event</c>, <c>struct proc_event</c>,
    /// <c>union x</c>, or a typedef's name), or says why it cannot.
    /// </summary>
    public CResolution Resolve(CHeaderFile file, string name)
    {
        lock (_resolved)
        {
            if (_resolved.TryGetValue((file, name), out var known))
            {
                return known;
            }

            var resolution = ResolveNew(file, name);
            _resolved[(file, name)] = resolution;
            return resolution;
        }
    }

    private CResolution ResolveNew(CHeaderFile file, string name)
    {
        var trimmed = name.Trim();
        var keyword = trimmed.StartsWith("struct ", StringComparison.Ordinal) ? "struct"
            : trimmed.StartsWith("union ", StringComparison.Ordinal) ? "union" : null;
        var tag = keyword is null ? trimmed : trimmed.Substring(keyword.Length).Trim();
        var engine = new CLayoutEngine(this);
        try
        {
            foreach (var visible in Visible(file))
            {
                if (visible.Records.TryGetValue(tag, out var record) && (keyword is null || record.Keyword == keyword))
                {
                    return new CResolution(engine.Record(visible, record) with { Name = "" }, null, null, null);
                }
            }

            if (keyword is null && engine.Typedef(file, tag) is { IsRecord: true } typedef)
            {
                return new CResolution(typedef, null, null, null);
            }
        }
        catch (CReadException e)
        {
            return new CResolution(null, e.Problem, e.File ?? file, null);
        }

        return new CResolution(null, null, null, file.RecordsInOrder.Select(r => r.Tag!).ToArray());
    }

    /// <summary>The file an include names, when it is among the files.</summary>
    public CHeaderFile? Include(CInclude include) => Match(include).FirstOrDefault() is { } path ? Read(path) : null;

    private IReadOnlyList<string> Match(CInclude include) => include.Path.Length == 0 ? [] : Match(include.Path);

    private static string Normalize(string path) => path.Replace('\\', '/');

    private sealed class Source(string path, Func<CHeaderFile> read)
    {
        private readonly Lazy<CHeaderFile> _file = new(read, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);

        public string Path { get; } = path;

        public CHeaderFile File => _file.Value;
    }
}
