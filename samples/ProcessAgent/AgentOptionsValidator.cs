using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace ProcessAgent;

/// <summary>Refuses an agent configuration that cannot work, with every reason, before anything starts.</summary>
internal static partial class AgentOptionsValidator
{
    public static IReadOnlyList<string> Validate(AgentOptions options)
    {
        var failures = new List<string>();
        if (!IPAddress.TryParse(options.Listen, out _))
        {
            failures.Add($"{AgentOptions.Section}:Listen must be an IP address (127.0.0.1, ::1, 0.0.0.0), not '{options.Listen}'");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{AgentOptions.Section}:Port must be 1 to 65535, not {options.Port}"));
        }

        if (options.Otlp is { } otlp && !(otlp.IsAbsoluteUri && otlp.Scheme is "http" or "https"))
        {
            failures.Add($"{AgentOptions.Section}:Otlp must be an http:// or https:// address, not '{otlp.OriginalString}'");
        }

        foreach (var (name, scope) in options.Scopes)
        {
            if (!ScopeName().IsMatch(name))
            {
                failures.Add($"scope name '{name}' must be 1 to 64 letters, digits, '.', '_' or '-'");
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
        }

        return failures;
    }

    /// <summary>The address the endpoint listens on, as the host of an HttpListener prefix (<c>*</c> for every address).</summary>
    public static string ListenerHost(AgentOptions options)
    {
        var address = IPAddress.Parse(options.Listen);
        return address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "*"
            : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]"
            : address.ToString();
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ScopeName();
}
