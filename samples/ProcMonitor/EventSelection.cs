using System;
using System.Collections.Generic;
using KernelConnector.ProcessEvents;

namespace ProcMonitor;

/// <summary>Parses <c>--events fork,exec,exit</c> into the kernel's event mask.</summary>
internal static class EventSelection
{
    public static readonly IReadOnlyDictionary<string, ProcEventKind> Names = new Dictionary<string, ProcEventKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["fork"] = ProcEventKind.Fork,
        ["exec"] = ProcEventKind.Exec,
        ["exit"] = ProcEventKind.Exit,
        ["uid"] = ProcEventKind.Uid,
        ["gid"] = ProcEventKind.Gid,
        ["sid"] = ProcEventKind.Sid,
        ["ptrace"] = ProcEventKind.Ptrace,
        ["comm"] = ProcEventKind.Comm,
        ["core"] = ProcEventKind.Coredump,
        ["coredump"] = ProcEventKind.Coredump,
        ["fail"] = ProcEventKind.NonzeroExit,
        ["all"] = ProcEventKind.All,
    };

    public static bool TryParse(string? text, out ProcEventKind kinds, out string error)
    {
        kinds = ProcEventKind.None;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            kinds = ProcEventKind.All;
            return true;
        }

        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Names.TryGetValue(part, out var kind))
            {
                error = $"unknown event '{part}'; use any of: {string.Join(", ", Names.Keys)}";
                return false;
            }

            kinds |= kind;
        }

        if (kinds == ProcEventKind.None)
        {
            error = "no events selected";
            return false;
        }

        return true;
    }
}
