using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// The fields of <c>/proc/PID/status</c> a process table needs. The <c>NS*</c> lists hold one id
/// per pid namespace, from the namespace of the <c>/proc</c> that was read down to the process's
/// own; they are empty on kernels before 4.1, which did not print them.
/// </summary>
internal readonly record struct ProcStatus
{
    /// <summary>The command name (<c>comm</c>), with the kernel's <c>\n</c> and <c>\\</c> escapes undone.</summary>
    public required string Name { get; init; }

    /// <summary>The thread-group id (the process id) in the reader's pid namespace.</summary>
    public required int Tgid { get; init; }

    /// <summary>The parent's process id; 0 when the parent is outside the reader's pid namespace.</summary>
    public required int PPid { get; init; }

    /// <summary>The real user id.</summary>
    public required uint Uid { get; init; }

    /// <summary>The effective user id.</summary>
    public required uint EffectiveUid { get; init; }

    /// <summary>The real group id.</summary>
    public required uint Gid { get; init; }

    /// <summary>The effective group id.</summary>
    public required uint EffectiveGid { get; init; }

    /// <summary>The thread-group id per pid namespace (<c>NStgid</c>): first as the reader sees it, last as the process itself does.</summary>
    public required int[] NamespaceTgids { get; init; }

    /// <summary>The pid per pid namespace (<c>NSpid</c>), outermost first.</summary>
    public required int[] NamespacePids { get; init; }

    /// <summary>The sid (the pid of the setsid(2) leader) per pid namespace (<c>NSsid</c>), outermost first; 0 where that leader is not visible.</summary>
    public required int[] NamespaceSessionIds { get; init; }

    /// <summary>The number of threads; 0 when the line is missing.</summary>
    public required int Threads { get; init; }

    /// <summary>
    /// Parses the text of <c>/proc/PID/status</c>. False when Name, Tgid, PPid, Uid or Gid is
    /// missing or unreadable; lines it does not know are skipped.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ProcStatus status)
    {
        status = default;
        string? name = null;
        int? tgid = null, ppid = null;
        uint[]? uids = null, gids = null;
        int[] nsTgids = [], nsPids = [], nsSids = [];
        var threads = 0;
        while (!text.IsEmpty)
        {
            var newline = text.IndexOf('\n');
            var line = newline < 0 ? text : text[..newline];
            text = newline < 0 ? default : text[(newline + 1)..];
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon];
            var value = line[(colon + 1)..];
            switch (key)
            {
                case "Name":
                    // The name is printed after one tab and may itself hold spaces or tabs.
                    name = Unescape(!value.IsEmpty && value[0] == '\t' ? value[1..] : value);
                    break;
                case "Tgid":
                    tgid = ParseInt(value);
                    break;
                case "PPid":
                    ppid = ParseInt(value);
                    break;
                case "Uid":
                    uids = ParseIds(value);
                    break;
                case "Gid":
                    gids = ParseIds(value);
                    break;
                case "NStgid":
                    nsTgids = ParseInts(value) ?? [];
                    break;
                case "NSpid":
                    nsPids = ParseInts(value) ?? [];
                    break;
                case "NSsid":
                    nsSids = ParseInts(value) ?? [];
                    break;
                case "Threads":
                    threads = ParseInt(value) ?? 0;
                    break;
            }
        }

        if (name is null || tgid is null || ppid is null || uids is not { Length: >= 2 } || gids is not { Length: >= 2 })
        {
            return false;
        }

        status = new ProcStatus
        {
            Name = name,
            Tgid = tgid.Value,
            PPid = ppid.Value,
            Uid = uids[0],
            EffectiveUid = uids[1],
            Gid = gids[0],
            EffectiveGid = gids[1],
            NamespaceTgids = nsTgids,
            NamespacePids = nsPids,
            NamespaceSessionIds = nsSids,
            Threads = threads,
        };
        return true;
    }

    /// <summary>Reads and parses <c>procRoot/PID/status</c>; <see langword="null"/> when the process does not exist (any more).</summary>
    public static ProcStatus? TryRead(int pid, string procRoot = "/proc")
        => ProcFs.ReadText(procRoot, pid, "status") is { } text && TryParse(text, out var status) ? status : null;

    private static int? ParseInt(ReadOnlySpan<char> value)
        => int.TryParse(value, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>Tab-separated numbers; <see langword="null"/> when one of them is not a number.</summary>
    private static int[]? ParseInts(ReadOnlySpan<char> value)
    {
        var numbers = new List<int>(4);
        foreach (var item in Fields(value))
        {
            if (!int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return null;
            }

            numbers.Add(number);
        }

        return numbers.ToArray();
    }

    /// <summary>The Uid and Gid lines: real, effective, saved, filesystem.</summary>
    private static uint[]? ParseIds(ReadOnlySpan<char> value)
    {
        var ids = new List<uint>(4);
        foreach (var item in Fields(value))
        {
            if (!uint.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return null;
            }

            ids.Add(id);
        }

        return ids.ToArray();
    }

    private static string[] Fields(ReadOnlySpan<char> value)
        => value.ToString().Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The kernel escapes only a newline (as <c>\n</c>) and a backslash (as <c>\\</c>) in the status Name.</summary>
    private static string Unescape(ReadOnlySpan<char> value)
    {
        if (!value.Contains('\\'))
        {
            return value.ToString();
        }

        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length && value[i + 1] is 'n' or '\\')
            {
                result.Append(value[i + 1] == 'n' ? '\n' : '\\');
                i++;
            }
            else
            {
                result.Append(value[i]);
            }
        }

        return result.ToString();
    }
}
