using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace ProcessAgent;

/// <summary>Refuses an agent configuration that cannot work, with every reason, before anything starts.</summary>
internal static partial class AgentOptionsValidator
{
    public static IReadOnlyList<string> Validate(AgentOptions options)
    {
        var failures = new List<string>();
        if (!IPAddress.TryParse(options.Listen, out var listen) || listen.AddressFamily != AddressFamily.InterNetwork)
        {
            // The exporter's HttpListener is .NET's managed one on Linux: its prefix parser takes
            // the first ':' after the scheme for the port's, so no IPv6 literal ever gets through.
            failures.Add($"{AgentOptions.Section}:Listen must be an IPv4 address of this host, or 0.0.0.0 for every one (the Prometheus endpoint cannot listen on IPv6 or a host name), not {ValueText.Quote(options.Listen)}");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{AgentOptions.Section}:Port must be 1 to 65535, not {options.Port}"));
        }

        if (options.Otlp is { } otlp && !(otlp.IsAbsoluteUri && otlp.Scheme is "http" or "https"))
        {
            failures.Add($"{AgentOptions.Section}:Otlp must be an http:// or https:// address, not {ValueText.Quote(otlp.OriginalString)}");
        }

        foreach (var (name, scope) in options.Scopes)
        {
            if (!ScopeName().IsMatch(name))
            {
                failures.Add($"scope name {ValueText.Quote(name)} must be 1 to 64 letters, digits, '.', '_' or '-'");
            }

            var criteria = new[] { scope.Cgroups, scope.Names, scope.Users, scope.Containers };
            if (Array.TrueForAll(criteria, c => c.Count == 0))
            {
                failures.Add($"scope '{name}' has no criterion (Cgroups, Names, Users or Containers): it would count every process");
            }
            else if (Array.Exists(criteria, c => c.Exists(string.IsNullOrWhiteSpace)))
            {
                failures.Add($"scope '{name}' has an empty criterion");
            }

            // A name no user has would match nothing, silently, for as long as the agent runs (a
            // blank one is reported above).
            foreach (var user in scope.ToFilter().UnknownUsers().Where(u => !string.IsNullOrWhiteSpace(u)))
            {
                failures.Add($"scope {ValueText.Quote(name)}: {ValueText.Quote(user)} is not a user (no user of that name in the user database, and not a uid)");
            }
        }

        return failures;
    }

    /// <summary>
    /// The HttpListener prefix of the endpoint. Every address is <c>*</c>: HttpListener refuses
    /// <c>0.0.0.0</c> ("not supported", as on Windows) and binds every IPv4 address for <c>*</c>.
    /// </summary>
    public static string ListenerPrefix(AgentOptions options)
    {
        var address = IPAddress.Parse(options.Listen);
        var host = address.Equals(IPAddress.Any) ? "*" : address.ToString();
        return string.Create(CultureInfo.InvariantCulture, $"http://{host}:{options.Port}{MetricsPath}/");
    }

    /// <summary>Where Prometheus scrapes.</summary>
    public const string MetricsPath = "/metrics";

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ScopeName();
}
