using System;
using System.Collections.Generic;

namespace ProcessAgent;

/// <summary>The agent's configuration: the section <c>ProcessAgent</c> (appsettings.json, environment, command line).</summary>
public sealed class AgentOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string Section = "ProcessAgent";

    /// <summary>The address the Prometheus endpoint listens on: loopback unless the scraper is elsewhere.</summary>
    public string Listen { get; set; } = "127.0.0.1";

    /// <summary>The Prometheus endpoint's port (9464 is OpenTelemetry's Prometheus exporter port).</summary>
    public int Port { get; set; } = 9464;

    /// <summary>An OpenTelemetry collector to export metrics and event records to over OTLP; none by default.</summary>
    public Uri? Otlp { get; set; }

    /// <summary>How to speak to <see cref="Otlp"/>.</summary>
    public OtlpProtocol OtlpProtocol { get; set; } = OtlpProtocol.Grpc;

    /// <summary>Named sets of processes whose events are also counted on their own.</summary>
    public Dictionary<string, ScopeOptions> Scopes { get; set; } = new(StringComparer.Ordinal);
}
