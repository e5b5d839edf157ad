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
        options = agent;

        // Bound here only to refuse what cannot be bound; the service binds the section again and
        // validates the values when it starts.
        var processEvents = new ProcessEventsOptions();
        Bind(failures, () => configuration.GetSection("ProcessEvents").Bind(processEvents, o => o.ErrorOnUnknownConfiguration = true));
        if (failures.Count == 0)
        {
            failures.AddRange(AgentOptionsValidator.Validate(options));
        }

        errors = failures;
        return failures.Count == 0;
    }

    private static void Bind(List<string> failures, Action bind)
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
