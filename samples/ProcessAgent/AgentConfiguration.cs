using System;
using System.Collections.Generic;
using KernelConnector.Hosting;
using Microsoft.Extensions.Configuration;

namespace ProcessAgent;

/// <summary>
/// Reads the agent's sections from the configuration at once, so that a wrong value or a key the
/// options do not have is refused before anything listens (not at the first use of the value).
/// </summary>
internal static class AgentConfiguration
{
    public static bool TryRead(IConfiguration configuration, out AgentOptions options, out IReadOnlyList<string> errors)
    {
        var failures = new List<string>();
        var agent = new AgentOptions();
        Bind(failures, () => configuration.GetSection(AgentOptions.Section).Bind(agent, o => o.ErrorOnUnknownConfiguration = true));
        AddSingleValues(configuration.GetSection(AgentOptions.Section + ":Scopes"), agent);
        options = agent;

        // Bound here only to refuse what cannot be bound; the service binds the section again and
        // validates the values when it starts.
        var processEvents = new ProcessEventsOptions();
        Bind(failures, () => configuration.GetSection("ProcessEvents").Bind(processEvents, o => o.ErrorOnUnknownConfiguration = true));
        if (failures.Count == 0)
        {
            failures.AddRange(AgentOptionsValidator.Validate(options));
        }

        failures.AddRange(LoggingConfiguration.Validate(configuration));

        errors = failures;
        return failures.Count == 0;
    }

    /// <summary>
    /// A list given as one value (<c>Scopes:web:Users=root</c>, where configuration wants
    /// <c>Users:0</c>) is a one-element list: the binder would skip it without a word.
    /// </summary>
    private static void AddSingleValues(IConfigurationSection scopes, AgentOptions agent)
    {
        foreach (var section in scopes.GetChildren())
        {
            if (!agent.Scopes.TryGetValue(section.Key, out var scope))
            {
                continue;
            }

            foreach (var (key, list) in (ReadOnlySpan<(string, List<string>)>)[("Cgroups", scope.Cgroups), ("Names", scope.Names), ("Users", scope.Users), ("Containers", scope.Containers)])
            {
                if (section.GetSection(key).Value is { } value)
                {
                    list.Insert(0, value);
                }
            }
        }
    }

    public static void Bind(List<string> failures, Action bind)
    {
        try
        {
            bind();
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the key and the value: "Failed to convert configuration
            // value at 'ProcessAgent:Port' to type 'System.Int32'." and the like.
            failures.Add(e.InnerException is FormatException or OverflowException ? $"{e.Message} ({e.InnerException.Message})" : e.Message);
        }
    }
}
