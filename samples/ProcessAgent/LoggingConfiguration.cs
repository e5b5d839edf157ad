using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ProcessAgent;

/// <summary>
/// Checks the <c>Logging</c> section at start. The logging framework reads it only when the first
/// logger is made, and then throws with a stack trace (a bad level) or silently falls back (an
/// unknown formatter): the agent says what is wrong in one line instead.
/// </summary>
internal static class LoggingConfiguration
{
    public const string Section = "Logging";

    /// <summary>The console formatters the agent has: the framework's three (systemd's under systemd).</summary>
    private static readonly string[] Formatters = [ConsoleFormatterNames.Simple, ConsoleFormatterNames.Json, ConsoleFormatterNames.Systemd];

    public static IReadOnlyList<string> Validate(IConfiguration configuration)
    {
        var failures = new List<string>();
        var logging = configuration.GetSection(Section);
        foreach (var (key, value) in logging.AsEnumerable())
        {
            // Logging:LogLevel:CATEGORY and Logging:PROVIDER:LogLevel:CATEGORY.
            var path = key.Split(ConfigurationPath.KeyDelimiter);
            if (path.Length >= 3 && path[^2].Equals("LogLevel", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(value) && !IsLevel(value))
            {
                failures.Add($"{key} must be one of {string.Join(", ", Enum.GetNames<LogLevel>())}, not {ValueText.Quote(value)}");
            }
        }

        var console = logging.GetSection("Console");
        if (console["FormatterName"] is { Length: > 0 } formatter && !Formatters.Contains(formatter, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"{console.Path}:FormatterName must be one of {string.Join(", ", Formatters)}, not {ValueText.Quote(formatter)}");
        }

        // Each value against its type and its setter (the console's queue length and mode, the JSON
        // writer's depth and indentation throw from theirs). Keys nobody reads are the framework's
        // to ignore: the section is shared by every logging provider.
        ConfigurationValues.Check(console, typeof(ConsoleLoggerOptions), refuseUnknownKeys: false, failures, "LogLevel", "FormatterOptions");
        ConfigurationValues.Check(console.GetSection("FormatterOptions"), FormatterOptionsType(console["FormatterName"]), refuseUnknownKeys: false, failures);

        // A format .NET cannot use ("%") fails in every log line, and the formatters then leave
        // the timestamp out without a word.
        var timestamp = console.GetSection("FormatterOptions:TimestampFormat");
        if (!string.IsNullOrEmpty(timestamp.Value) && !IsTimestampFormat(timestamp.Value))
        {
            failures.Add($"{timestamp.Path} must be a .NET date and time format such as 'yyyy-MM-dd HH:mm:ss ', not {ValueText.Quote(timestamp.Value)}");
        }
        return failures;
    }

    /// <summary>The options type of the formatter the console uses (simple when none is named).</summary>
    private static Type FormatterOptionsType(string? formatter) => formatter?.ToLowerInvariant() switch
    {
        ConsoleFormatterNames.Json => typeof(JsonConsoleFormatterOptions),
        ConsoleFormatterNames.Systemd => typeof(ConsoleFormatterOptions),
        _ => typeof(SimpleConsoleFormatterOptions),
    };

    private static bool IsTimestampFormat(string format)
    {
        try
        {
            _ = DateTimeOffset.UnixEpoch.ToString(format, CultureInfo.InvariantCulture);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    // As the framework reads a level (case-insensitive), but only the named ones: "7" or "Loud" is a mistake.
    private static bool IsLevel(string value) =>
        Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) && Enum.IsDefined(level) && !char.IsAsciiDigit(value.TrimStart()[0]);
}
