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
    /// <summary>The hosting package's section, which the agent binds to <see cref="ProcessEventsOptions"/>.</summary>
    public const string ProcessEventsSection = "ProcessEvents";

    public static bool TryRead(IConfiguration configuration, out AgentOptions options, out IReadOnlyList<string> errors)
    {
        // Every value is checked in words first; the binder (which would say its first failure in
        // its own) then only binds.
        var failures = new List<string>();
        ConfigurationValues.Check(configuration.GetSection(AgentOptions.Section), typeof(AgentOptions), refuseUnknownKeys: true, failures);
        ConfigurationValues.Check(configuration.GetSection(ProcessEventsSection), typeof(ProcessEventsOptions), refuseUnknownKeys: true, failures);
        var agent = new AgentOptions();
        options = agent;
        if (failures.Count == 0)
        {
            Bind(failures, () => configuration.GetSection(AgentOptions.Section).Bind(agent, o => o.ErrorOnUnknownConfiguration = true));
            AddSingleValues(configuration.GetSection(AgentOptions.Section + ":Scopes"), agent);

            // Bound here only to refuse what cannot be bound; the service binds the section again
            // and validates the values when it starts.
            var processEvents = new ProcessEventsOptions();
            Bind(failures, () => configuration.GetSection(ProcessEventsSection).Bind(processEvents, o => o.ErrorOnUnknownConfiguration = true));
        }

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
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // Only what ConfigurationValues did not foresee gets here, in the binder's words (or a
            // setter's): still one line.
            failures.Add(e.InnerException is FormatException or OverflowException or ArgumentException ? $"{e.Message} ({e.InnerException.Message})" : e.Message);
        }
    }
}
