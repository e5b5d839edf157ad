using System;
using System.Collections.Generic;
using System.Linq;

namespace ProcessAgent;

/// <summary>
/// The command line is configuration (<c>--ProcessAgent:Port 9500</c>, or the short switches
/// below), read after appsettings.json and the environment. A misspelt option would otherwise be
/// read as a key nobody asks for and ignored: here it is refused.
/// </summary>
internal static class AgentCommandLine
{
    /// <summary>The short forms of the keys an operator sets most.</summary>
    public static readonly Dictionary<string, string> Switches = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--listen"] = AgentOptions.Section + ":Listen",
        ["--port"] = AgentOptions.Section + ":Port",
        ["--otlp"] = AgentOptions.Section + ":Otlp",
    };

    /// <summary>The configuration sections the command line may set.</summary>
    public static readonly string[] Sections = [AgentOptions.Section, "ProcessEvents", "Logging"];

    public const string Help = """
        Usage: processagent [--listen ADDRESS] [--port PORT] [--otlp URL] [--Section:Key VALUE ...]

        Records every process event of this machine (structured logs, OpenTelemetry log records) and
        serves its metrics to Prometheus at http://ADDRESS:PORT/metrics (default 127.0.0.1:9464).
        Configuration: appsettings.json beside the program, then environment variables
        (ProcessAgent__Port=9500), then the command line. Sections: ProcessAgent (Listen, Port,
        Otlp, Scopes), ProcessEvents (ReceiveBufferSize, Details, RetainExited, ...), Logging.

          --listen ADDRESS   the address of the metrics endpoint (default 127.0.0.1)
          --port PORT        its port (default 9464)
          --otlp URL         also export metrics and event records to this OTLP collector
                             (gRPC; --ProcessAgent:OtlpProtocol HttpProtobuf for OTLP/HTTP)

        Exit codes: 0 stopped as asked; 1 the receive loop failed; 2 bad configuration; 3 process
        events unavailable here; 4 not permitted; 5 the metrics endpoint cannot listen.
        """;

    /// <summary>
    /// Checks that every option is a known switch or a key of a known section, with a value: the
    /// configuration provider itself would skip a stray word, a single-dash option or a missing
    /// value without a word.
    /// </summary>
    public static bool TryCheck(string[] args, out string error)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                error = arg.StartsWith('-') ? $"unknown option {ValueText.Quote(arg)} (see --help)" : $"unexpected argument {ValueText.Quote(arg)}: options are --Section:Key VALUE (see --help)";
                return false;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            var section = name[2..].Split(':')[0];
            if (!Switches.ContainsKey(name) && !(name.Contains(':', StringComparison.Ordinal) && Sections.Contains(section, StringComparer.OrdinalIgnoreCase)))
            {
                error = $"unknown option {ValueText.Quote(name)} (see --help)";
                return false;
            }

            if (equals < 0 && (++i == args.Length || args[i].StartsWith("--", StringComparison.Ordinal)))
            {
                error = $"option {ValueText.Quote(name)} needs a value";
                return false;
            }
        }

        error = "";
        return true;
    }
}
