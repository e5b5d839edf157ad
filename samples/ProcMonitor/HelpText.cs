using System;
using System.Collections.Generic;
using System.Text;

namespace ProcMonitor;

/// <summary>What <c>--help</c> prints: what the program does, its exit codes, and every option.</summary>
internal static class HelpText
{
    public static string For(IReadOnlyList<CommandLineOption> options)
    {
        var text = new StringBuilder()
            .Append("Description:\n")
            .Append("  Prints every process event of this machine live, one line each, with the process it is about, from the kernel's process-event connector.\n")
            .Append("  Exit codes: 0 stopped as asked; 1 the receive loop failed; 2 bad command line; 3 process events unavailable here; 4 not permitted.\n\n")
            .Append("Usage:\n  procmonitor [options]\n\nOptions:\n");
        var width = 0;
        foreach (var o in options)
        {
            width = Math.Max(width, (o.Alias is null ? 0 : o.Alias.Length + 2) + o.Name.Length + (o.IsFlag ? 0 : " <value>".Length));
        }

        foreach (var option in options)
        {
            text.Append(option.HelpLine(width)).Append('\n');
        }

        text.Append("  ").Append("--version".PadRight(width)).Append("  Show the version.\n");
        text.Append("  ").Append("-?, -h, --help".PadRight(width)).Append("  Show this help.\n");
        return text.ToString();
    }
}
