using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using ProcessAgent;
using Xunit;

namespace KernelConnector.Tests.Samples;

/// <summary>The process agent's refusals: one line and one documented exit code each, never a stack trace.</summary>
public sealed class ProcessAgentCliTests
{
    internal static Task<ProcessRunner.Result> RunAsync(params string[] arguments) => SampleCli.RunAsync("ProcessAgent", arguments);

    internal static void AssertRefused(ProcessRunner.Result result, int exitCode, string reason) =>
        SampleCli.AssertRefused(result, "processagent", exitCode, reason);

    [Theory]
    [InlineData("unknown option '--prot'", "--prot", "1")]
    [InlineData("unknown option '-x'", "-x")]
    [InlineData("option '--port' needs a value", "--port")]
    [InlineData("option '--listen' needs a value", "--port", "9000", "--listen", "--otlp", "http://c:4317")]
    [InlineData("unexpected argument 'stray'", "stray")]
    [InlineData("unknown option '--p\\x1B[2J' (see --help)", "--p\u001B[2J")]
    [InlineData("unknown option '--Kestrel:Port'", "--Kestrel:Port=1")]
    public void The_command_line_checker_refuses_what_configuration_would_silently_ignore(string reason, params string[] arguments)
    {
        Assert.False(AgentCommandLine.TryCheck(arguments, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--port", "9000", "--listen", "0.0.0.0")]
    [InlineData("--ProcessAgent:Scopes:web:Cgroups:0=/system.slice/nginx.service", "--Logging:LogLevel:Default", "Warning")]
    [InlineData("--processevents:details", "Arguments")]
    public void Known_switches_and_section_keys_pass(params string[] arguments) =>
        Assert.True(AgentCommandLine.TryCheck(arguments, out var error), error);

    [Fact]
    public void Every_reason_a_configuration_cannot_work_is_given_at_once()
    {
        var options = new AgentOptions
        {
            Listen = "localhost",
            Port = 0,
            Otlp = new Uri("ftp://collector/"),
            Scopes = new() { ["web"] = new ScopeOptions(), ["bad name"] = new ScopeOptions { Names = ["nginx"] }, ["blank"] = new ScopeOptions { Users = [" "] }, ["who"] = new ScopeOptions { Users = ["root", "0", "nosuchuserzz"] } },
        };
        Assert.Equal(
            [
                "ProcessAgent:Listen must be an IPv4 address of this host, or 0.0.0.0 for every one (the Prometheus endpoint cannot listen on IPv6 or a host name), not 'localhost'",
                "ProcessAgent:Port must be 1 to 65535, not 0",
                "ProcessAgent:Otlp must be an http:// or https:// address, not 'ftp://collector/'",
                "scope 'web' has no criterion (Cgroups, Names, Users or Containers): it would count every process",
                "scope name 'bad name' must be 1 to 64 letters, digits, '.', '_' or '-'",
                "scope 'blank' has an empty criterion",
                "scope 'who': 'nosuchuserzz' is not a user (no user of that name in the user database, and not a uid)",
            ],
            AgentOptionsValidator.Validate(options));
        Assert.Empty(AgentOptionsValidator.Validate(new AgentOptions { Scopes = new() { ["web"] = new ScopeOptions { Cgroups = ["/system.slice/nginx.service"] } } }));
    }

    [Fact]
    public async Task A_scope_list_given_as_one_value_is_read_as_a_one_element_list()
    {
        // Configuration wants Users:0; the single value was dropped, and the scope refused as
        // having no criterion. Read, an unknown user in it is refused by name: proof it arrived.
        const string Reason = "bad configuration: scope 'web': 'nosuchuserzz' is not a user";
        AssertRefused(await RunAsync("--ProcessAgent:Scopes:web:Users", "nosuchuserzz"), ExitCodes.Configuration, Reason);
        var fromEnvironment = await ProcessRunner.RunAsync("dotnet", [Repository.SampleAssembly("ProcessAgent")], Path.GetTempPath(),
            new Dictionary<string, string?> { ["ProcessAgent__Scopes__web__Users"] = "nosuchuserzz" }, TimeSpan.FromSeconds(60));
        AssertRefused(fromEnvironment, ExitCodes.Configuration, Reason);
    }

    [Theory]
    [InlineData("127.0.0.1", "http://127.0.0.1:9464/metrics/")]
    [InlineData("0.0.0.0", "http://*:9464/metrics/")]
    [InlineData("192.0.2.7", "http://192.0.2.7:9464/metrics/")]
    public void The_listen_address_becomes_the_listener_prefix(string listen, string prefix) =>
        Assert.Equal(prefix, AgentOptionsValidator.ListenerPrefix(new AgentOptions { Listen = listen }));

    [Theory]
    [InlineData("ProcessAgent:Port must be 1 to 65535, not 70000", "--port", "70000")]
    [InlineData("bad configuration: ProcessAgent:Port must be a whole number, not 'abc'", "--port", "abc")]
    [InlineData("bad configuration: unknown key ProcessAgent:Prot (ProcessAgent has Listen, Port, Otlp, OtlpProtocol, Scopes)", "--ProcessAgent:Prot", "3")]
    [InlineData("bad configuration: unknown key ProcessEvents:Buffer (ProcessEvents has ReceiveBufferSize, Details, RetainExited, ", "--ProcessEvents:Buffer", "3")]
    [InlineData("ProcessAgent:Otlp must be an http:// or https:// address", "--otlp", "ftp://collector")]
    [InlineData("unknown option '--prot'", "--prot", "1")]
    [InlineData("bad configuration: Logging:LogLevel:Default must be one of Trace, Debug, Information, Warning, Error, Critical, None, not 'Loud'", "--Logging:LogLevel:Default", "Loud")]
    [InlineData("bad configuration: Logging:Console:LogLevel:KernelConnector must be one of Trace, Debug, Information, Warning, Error, Critical, None, not '7'", "--Logging:Console:LogLevel:KernelConnector", "7")]
    [InlineData("bad configuration: Logging:Console:FormatterName must be one of simple, json, systemd, not 'jsn'", "--Logging:Console:FormatterName", "jsn")]
    [InlineData("bad configuration: Logging:Console:LogToStandardErrorThreshold must be one of Trace, Debug, Information, Warning, Error, Critical, None, not 'Loud'", "--Logging:Console:LogToStandardErrorThreshold", "Loud")]
    [InlineData("bad configuration: Logging:Console:FormatterOptions:SingleLine must be true or false, not 'maybe'", "--Logging:Console:FormatterOptions:SingleLine", "maybe")]
    [InlineData("bad configuration: ProcessEvents:LossWindow must be a duration as [d.]hh:mm:ss[.fffffff], such as 00:00:05 for 5 seconds, not '-'", "--ProcessEvents:LossWindow", "-")]
    [InlineData("bad configuration: scope 'web': 'nosuchuserzz' is not a user", "--ProcessAgent:Scopes:web:Users:0", "nosuchuserzz")]
    public async Task A_bad_configuration_exits_2_with_one_line(string reason, params string[] arguments)
    {
        AssertRefused(await RunAsync(arguments), ExitCodes.Configuration, reason);
    }

    /// <summary>One row per kind of value (and the ways a list or an object goes wrong), set in the environment.</summary>
    [Theory]
    [InlineData("ProcessEvents:LossWindow must be a duration as [d.]hh:mm:ss[.fffffff], such as 00:00:05 for 5 seconds, not 'abc'", "ProcessEvents__LossWindow", "abc")]
    [InlineData("ProcessEvents:AcknowledgementTimeout must be a duration as [d.]hh:mm:ss[.fffffff], such as 00:00:05 for 5 seconds, not '99999999.00:00:00'", "ProcessEvents__AcknowledgementTimeout", "99999999.00:00:00")]
    [InlineData("ProcessAgent:Port must be a whole number, not '9464.5'", "ProcessAgent__Port", "9464.5")]
    [InlineData("ProcessAgent:Port must be a whole number from -2147483648 to 2147483647, not '99999999999'", "ProcessAgent__Port", "99999999999")]
    [InlineData("ProcessEvents:StopHostOnFailure must be true or false, not 'yes'", "ProcessEvents__StopHostOnFailure", "yes")]
    [InlineData("ProcessAgent:OtlpProtocol must be one of Grpc, HttpProtobuf, not 'Http'", "ProcessAgent__OtlpProtocol", "Http")]
    [InlineData("ProcessAgent:OtlpProtocol must be one of Grpc, HttpProtobuf, not '7'", "ProcessAgent__OtlpProtocol", "7")]
    [InlineData("ProcessAgent:Otlp must be an address such as http://collector:4317, not 'http://[::'", "ProcessAgent__Otlp", "http://[::")]
    [InlineData("ProcessAgent:Scopes:web:Users:0 takes one value, not keys below it (ProcessAgent:Scopes:web:Users:0:Name)", "ProcessAgent__Scopes__web__Users__0__Name", "root")]
    [InlineData("ProcessAgent:Scopes:web takes keys (Cgroups, Names, Users, Containers), not a value ('root')", "ProcessAgent__Scopes__web", "root")]
    [InlineData("ProcessAgent:Scopes takes keys below it, not a value ('web')", "ProcessAgent__Scopes", "web")]
    [InlineData("ProcessAgent:Port takes one value, not keys below it (ProcessAgent:Port:0)", "ProcessAgent__Port__0", "9500")]
    [InlineData("unknown key ProcessAgent:Scopes:web:Usres (ProcessAgent:Scopes:web has Cgroups, Names, Users, Containers)", "ProcessAgent__Scopes__web__Usres", "root")]
    [InlineData("ProcessAgent:Port must be a whole number, not '1\\x0A2\\x1B'", "ProcessAgent__Port", "1\n2\u001B")]
    [InlineData("ProcessAgent:Listen must be an IPv4 address of this host, or 0.0.0.0 for every one (the Prometheus endpoint cannot listen on IPv6 or a host name), not 'a\\x1B[31mb\\x0Ac'", "ProcessAgent__Listen", "a\u001B[31mb\nc")]
    [InlineData("Logging:Console:MaxQueueLength cannot be '0': ", "Logging__Console__MaxQueueLength", "0")]
    [InlineData("Logging:Console:QueueFullMode must be one of Wait, DropWrite, not '5'", "Logging__Console__QueueFullMode", "5")]
    [InlineData("Logging:Console:FormatterOptions:TimestampFormat must be a .NET date and time format such as 'yyyy-MM-dd HH:mm:ss ', not 'HH %'", "Logging__Console__FormatterOptions__TimestampFormat", "HH %")]
    public async Task A_bad_value_in_the_environment_exits_2_with_the_key_the_value_and_what_it_takes(string reason, string variable, string value)
    {
        var result = await RunWithEnvironmentAsync(new() { [variable] = value });
        AssertRefused(result, ExitCodes.Configuration, "processagent: bad configuration: " + reason);
    }

    [Fact]
    public async Task A_flags_enum_takes_names_separated_by_commas_not_a_number()
    {
        // The binder took any number, even one that names no detail.
        var takes = string.Join(", ", Enum.GetNames<KernelConnector.ProcessEvents.ProcessDetails>());
        var result = await RunWithEnvironmentAsync(new() { ["ProcessEvents__Details"] = "12345" });
        AssertRefused(result, ExitCodes.Configuration, $"processagent: bad configuration: ProcessEvents:Details must be one or more of {takes}, separated by commas, not '12345'");
    }

    [Fact]
    public async Task Every_bad_value_is_named_at_once_not_only_the_first()
    {
        // The binder stopped at the first.
        var result = await RunWithEnvironmentAsync(new() { ["ProcessAgent__Port"] = "x", ["ProcessEvents__LossWindow"] = "y", ["Logging__Console__FormatterName"] = "json", ["Logging__Console__FormatterOptions__JsonWriterOptions__MaxDepth"] = "-1" });
        AssertRefused(result, ExitCodes.Configuration,
            "processagent: bad configuration: ProcessAgent:Port must be a whole number, not 'x'; "
            + "ProcessEvents:LossWindow must be a duration as [d.]hh:mm:ss[.fffffff], such as 00:00:05 for 5 seconds, not 'y'; "
            + "Logging:Console:FormatterOptions:JsonWriterOptions:MaxDepth cannot be '-1': ");
    }

    [Fact]
    public async Task An_empty_value_is_the_default_as_the_binder_reads_it()
    {
        // How a later source unsets a value: the port stays 9464's default, here refused by the
        // bad value beside it rather than listened on.
        var result = await RunWithEnvironmentAsync(new() { ["ProcessEvents__StopHostOnFailure"] = "", ["ProcessAgent__Port"] = "", ["ProcessAgent__Listen"] = "::1" });
        AssertRefused(result, ExitCodes.Configuration, "processagent: bad configuration: ProcessAgent:Listen must be an IPv4 address");
        Assert.DoesNotContain("Port", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("StopHostOnFailure", result.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// The agent's own appsettings.json (beside the program, where systemd starts it) with what an
    /// operator's editor can leave in it: the host builder threw these with a stack trace (exit 134).
    /// </summary>
    [Theory]
    [InlineData("appsettings.json, line 1, byte 35: Expected start of a property name or value, but instead reached end of data.", "{ \"ProcessAgent\": { \"Port\": 9464, ")]
    [InlineData("appsettings.json, line 3, byte 4: ',' is an invalid start of a property name. Expected a '\"'.", "{\n  \"ProcessAgent\": { \"Port\": 9464 }\n  ,, }")]
    [InlineData("appsettings.json: A duplicate key 'ProcessAgent:Port' was found.", "{ \"ProcessAgent\": { \"Port\": 1, \"Port\": 2 } }")]
    [InlineData("appsettings.json: A duplicate key 'ProcessAgent:P\\x1Bort' was found.", "{ \"ProcessAgent\": { \"P\\u001bort\": 1, \"P\\u001bort\": 2 } }")]
    [InlineData("ProcessAgent:Port must be a whole number, not 'abc'", "{ \"ProcessAgent\": { \"Port\": \"abc\" } }")]
    [InlineData("ProcessEvents:LossWindow must be a duration as [d.]hh:mm:ss[.fffffff], such as 00:00:05 for 5 seconds, not '5s'", "{ \"ProcessEvents\": { \"LossWindow\": \"5s\" } }")]
    [InlineData("unknown key ProcessAgent:Prot (ProcessAgent has Listen, Port, Otlp, OtlpProtocol, Scopes)", "{ \"ProcessAgent\": { \"Prot\": 9000 } }")]
    public async Task A_broken_or_wrong_appsettings_json_exits_2_with_the_file_the_place_and_the_reason(string reason, string settings)
    {
        // A copy of the built agent, so that its appsettings.json can be replaced.
        var built = Path.GetDirectoryName(Repository.SampleAssembly("ProcessAgent"))!;
        var copy = Directory.CreateTempSubdirectory("processagent-settings-");
        try
        {
            foreach (var file in Directory.GetFiles(built))
            {
                File.Copy(file, Path.Combine(copy.FullName, Path.GetFileName(file)));
            }

            await File.WriteAllTextAsync(Path.Combine(copy.FullName, "appsettings.json"), settings);
            var result = await ProcessRunner.RunAsync("dotnet", [Path.Combine(copy.FullName, "ProcessAgent.dll")], Path.GetTempPath(), null, TimeSpan.FromSeconds(60));
            AssertRefused(result, ExitCodes.Configuration, "processagent: bad configuration: " + reason);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private static Task<ProcessRunner.Result> RunWithEnvironmentAsync(Dictionary<string, string?> environment) =>
        ProcessRunner.RunAsync("dotnet", [Repository.SampleAssembly("ProcessAgent")], Path.GetTempPath(), environment, TimeSpan.FromSeconds(60));

    [Fact]
    public async Task Process_event_options_the_hosting_package_refuses_at_start_exit_2()
    {
        // Bound by the agent, validated by the hosting package when the host starts (after the
        // endpoint took its port).
        var result = await RunAsync("--ProcessEvents:ReceiveBufferSize", "10", "--port", PrometheusServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        AssertRefused(result, ExitCodes.Configuration, "bad configuration: ReceiveBufferSize must be 4096 bytes to 1 GiB, not 10.");
    }

    [Fact]
    public async Task A_port_in_use_exits_5_with_one_line_before_anything_listens()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var result = await RunAsync("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AssertRefused(result, ExitCodes.EndpointUnavailable, $"the metrics endpoint cannot listen on 127.0.0.1 port {port}: Address already in use");
    }

    [Fact]
    public async Task An_address_not_on_this_host_exits_5()
    {
        var result = await RunAsync("--listen", "192.0.2.1", "--port", PrometheusServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        AssertRefused(result, ExitCodes.EndpointUnavailable, "the metrics endpoint cannot listen on 192.0.2.1 port");
    }

    [Fact]
    public async Task Help_lists_the_switches_and_the_exit_codes()
    {
        var result = await RunAsync("--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var name in AgentCommandLine.Switches.Keys)
        {
            Assert.Contains(name, result.Output, StringComparison.Ordinal);
        }

        var help = string.Join(' ', result.Output.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("2 bad configuration; 3 process events unavailable here; 4 not permitted; 5 the metrics endpoint cannot listen", help, StringComparison.Ordinal);
    }
}

/// <summary>The process agent's refusals that need the kernel, root or another user.</summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ProcessAgentKernelCliTests
{
    [Fact]
    public async Task A_privileged_port_as_an_unprivileged_user_exits_4()
    {
        KernelRequirement.Require();
        var result = await Unprivileged.RunSampleAsync("ProcessAgent", "--port", "80");
        ProcessAgentCliTests.AssertRefused(result, ExitCodes.PermissionDenied, "the metrics endpoint may not listen on 127.0.0.1 port 80: Permission denied (ports below 1024 need CAP_NET_BIND_SERVICE");
    }

    [Fact]
    public async Task Outside_the_initial_network_namespace_it_exits_3_with_the_reason()
    {
        KernelRequirement.Require();
        var result = await ProcessRunner.RunAsync("/usr/bin/unshare", ["--net", "dotnet", Repository.SampleAssembly("ProcessAgent"), "--port", "9464"], Path.GetTempPath(), timeout: TimeSpan.FromSeconds(60));
        ProcessAgentCliTests.AssertRefused(result, ExitCodes.Unavailable, "The kernel connector does not answer in this network namespace");
    }
}
