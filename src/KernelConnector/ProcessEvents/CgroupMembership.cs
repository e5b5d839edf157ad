using System;
using System.Collections.Generic;
using System.Globalization;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// The cgroups a process belongs to, parsed from <c>/proc/PID/cgroup</c>, and the container that
/// membership reveals.
/// </summary>
public sealed class CgroupMembership
{
    private CgroupMembership(IReadOnlyList<CgroupLine> lines, string path, ProcessContainer? container)
    {
        Lines = lines;
        Path = path;
        Container = container;
    }

    /// <summary>Every well-formed line, in the kernel's order (cgroup v1 hierarchies first, the v2 <c>0::</c> line last).</summary>
    public IReadOnlyList<CgroupLine> Lines { get; }

    /// <summary>
    /// The process's cgroup: the cgroup v2 path (the <c>0::</c> line) when there is one, else the
    /// <c>name=systemd</c> hierarchy's, else the first line's; empty when no line could be read.
    /// </summary>
    public string Path { get; }

    /// <summary>The container the process runs in, or <see langword="null"/> when no line names one.</summary>
    public ProcessContainer? Container { get; }

    /// <summary>
    /// Parses the text of <c>/proc/PID/cgroup</c>. Never throws: lines that are not
    /// <c>id:controllers:/path</c> are skipped.
    /// </summary>
    public static CgroupMembership Parse(ReadOnlySpan<char> text)
    {
        var lines = new List<CgroupLine>();
        while (!text.IsEmpty)
        {
            var newline = text.IndexOf('\n');
            var current = newline < 0 ? text : text[..newline];
            text = newline < 0 ? default : text[(newline + 1)..];
            if (TryParseLine(current, out var line))
            {
                lines.Add(line);
            }
        }

        ProcessContainer? container = null;
        foreach (var line in lines)
        {
            // On a cgroup v1 host the unified line is often a bare "0::/" while the container
            // shows in the controllers' lines, so every line is looked at, in the kernel's order.
            container = ContainerDetection.Detect(line.Path);
            if (container is not null)
            {
                break;
            }
        }

        return new CgroupMembership(lines, ChoosePath(lines), container);
    }

    /// <summary>Reads and parses <c>procRoot/PID/cgroup</c>; <see langword="null"/> when the process does not exist (any more).</summary>
    public static CgroupMembership? TryRead(int pid, string procRoot = "/proc")
        => ProcFs.ReadText(procRoot, pid, "cgroup") is { } text ? Parse(text) : null;

    private static bool TryParseLine(ReadOnlySpan<char> line, out CgroupLine parsed)
    {
        parsed = null!;
        var first = line.IndexOf(':');
        if (first <= 0)
        {
            return false;
        }

        var rest = line[(first + 1)..];
        var second = rest.IndexOf(':');

        // The path is everything after the second colon: cgroup names may contain colons
        // (containerd's systemd form "pod.slice:cri-containerd:ID" shows up as one).
        if (second < 0
            || !int.TryParse(line[..first], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || rest.Length == second + 1
            || rest[second + 1] != '/')
        {
            return false;
        }

        parsed = new CgroupLine(id, rest[..second].ToString(), rest[(second + 1)..].TrimEnd('\r').ToString());
        return true;
    }

    private static string ChoosePath(List<CgroupLine> lines)
    {
        foreach (var line in lines)
        {
            if (line.HierarchyId == 0 && line.Controllers.Length == 0)
            {
                return line.Path;
            }
        }

        foreach (var line in lines)
        {
            if (ContainerDetection.HasItem(line.Controllers, ',', "name=systemd"))
            {
                return line.Path;
            }
        }

        return lines.Count > 0 ? lines[0].Path : "";
    }
}
