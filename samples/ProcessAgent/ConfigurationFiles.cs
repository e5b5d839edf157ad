using System;
using System.Collections.Generic;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace ProcessAgent;

/// <summary>
/// Collects what stops a configuration file (appsettings.json, appsettings.{Environment}.json)
/// from loading, as one line each, instead of the exception with its stack trace that the host
/// builder would throw: a JSON syntax error names the file, its line and its byte.
/// </summary>
internal sealed class ConfigurationFiles
{
    private readonly List<string> _errors = [];

    /// <summary>What went wrong in each file that did not load; empty when all did.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>A configuration whose files report to this instance instead of throwing.</summary>
    public ConfigurationManager CreateConfiguration()
    {
        var configuration = new ConfigurationManager();
        configuration.SetFileLoadExceptionHandler(context =>
        {
            _errors.Add(Describe(context.Provider.Source.Path ?? "a configuration file", context.Exception));

            // Nothing from a file that did not parse is used: the agent refuses to start.
            context.Ignore = true;
        });
        return configuration;
    }

    private static string Describe(string file, Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is JsonException { LineNumber: { } line, BytePositionInLine: { } position } json)
            {
                // The reader's own message ends with its zero-based position, given here one-based.
                var reason = json.Message;
                var at = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
                return $"{file}, line {line + 1}, byte {position + 1}: {(at < 0 ? reason : reason[..at])}";
            }
        }

        // Anything else the JSON provider says (a duplicate key, an unreadable file) in its words.
        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return $"{file}: {innermost.Message}";
    }
}
