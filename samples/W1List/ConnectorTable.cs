using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace W1List;

/// <summary>
/// <c>/proc/net/connector</c>: the in-kernel connector users, one per line (<c>cn_proc 1:1</c>). The
/// w1 driver registers <c>w1 3:1</c> when it is loaded and built with netlink (<c>CONFIG_W1_CON</c>);
/// without that line nothing in the kernel answers a w1 request.
/// </summary>
internal sealed class ConnectorTable
{
    public const string DefaultPath = "/proc/net/connector";

    private ConnectorTable(IReadOnlyList<string> ids) => Ids = ids;

    /// <summary>The <c>idx:val</c> of every registered callback.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Whether the w1 connector (<c>CN_W1_IDX:CN_W1_VAL</c>, 3:1) is registered.</summary>
    public bool HasW1 => Ids.Contains("3:1");

    /// <summary>The table, or <see langword="null"/> when the file does not exist (no connector, or not Linux).</summary>
    public static ConnectorTable? Read(string path = DefaultPath) =>
        File.Exists(path) ? Parse(File.ReadAllLines(path)) : null;

    /// <summary>Reads the lines after the "Name ID" heading: a name, then <c>idx:val</c>.</summary>
    public static ConnectorTable Parse(IEnumerable<string> lines) =>
        new([.. lines.Skip(1)
            .Select(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(words => words.Length >= 2)
            .Select(words => words[^1])]);
}
