using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.Packaging;

/// <summary>
/// The IDE path as an editor user meets it: a real C# language server (csharp-ls, the version
/// pinned in the repository's tool manifest) opens a consumer of the packed package over LSP.
/// The package's diagnostics must arrive with their help links, the generated members must
/// resolve, and fixing the code must clear the diagnostic.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class LanguageServerTests(PackageFixture package) : IClassFixture<PackageFixture>
{
    // Loading a project through MSBuild takes seconds, more on a loaded machine; this bounds a
    // server that never answers, it is not what the test waits for.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    private const string Broken = """
        using System.Runtime.InteropServices;
        using KernelConnector;

        Console.WriteLine(Ping.Size + Pong.Size);

        [ConnectorMessage(30, 2)]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct Ping
        {
            public uint Value;
            public uint Reserved;
        }

        [ConnectorMessage(30, 2)]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct Pong
        {
            public uint Value;
        }
        """;

    [Fact]
    public async Task Package_diagnostics_reach_the_editor_with_help_links_and_clear_when_fixed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var consumer = Path.Combine(package.Work, "editor-consumer");
        var program = Path.Combine(consumer, "Program.cs");
        var environment = await CreateConsumerAsync(consumer);
        File.WriteAllText(program, Broken);
        var restore = await PackageTests.Dotnet(consumer, environment, "restore");
        Assert.True(restore.ExitCode == 0, $"the consumer did not restore: {restore}");

        var server = await InstallServerAsync();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Patience);

        // csharp-ls runs analyzers only when the editor asks for them (csharp.analyzersEnabled).
        var settings = new Dictionary<string, object> { ["csharp"] = new { analyzersEnabled = true } };
        await using var client = await LanguageServerClient.StartAsync(server, consumer, ServerEnvironment(environment), settings, deadline.Token);
        await client.OpenAsync(program, Broken);

        var diagnostics = await PullUntilAsync(client, program, found => found.Any(d => Code(d) == "KC0001"), deadline.Token);
        var duplicates = diagnostics.Where(d => Code(d) == "KC0001").ToArray();
        // One on each type's name: the lines declaring Ping and Pong.
        Assert.Equal(
            [LineOf("partial struct Ping"), LineOf("partial struct Pong")],
            duplicates.Select(d => d.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32()).Order());
        Assert.All(duplicates, d =>
        {
            Assert.Equal(1, d.GetProperty("severity").GetInt32()); // Error
            Assert.Equal(RepositoryUrl + "/blob/main/docs/diagnostics.md#kc0001", d.GetProperty("codeDescription").GetProperty("href").GetString());
            Assert.Contains("{30, 2}", d.GetProperty("message").GetString(), StringComparison.Ordinal);
        });
        AssertNoCompilerErrors(diagnostics, client);

        // Generated members resolve: hovering `Size` of `Ping.Size` shows the generated constant.
        var line = LineOf("Ping.Size");
        var hover = await client.HoverAsync(program, line, Broken.Split('\n')[line].IndexOf("Size", StringComparison.Ordinal), deadline.Token);
        Assert.True(hover is not null && hover.Contains("Ping.Size", StringComparison.Ordinal), $"hover on Ping.Size: {hover ?? "nothing"}\n{client.Log}");

        // The user fixes the id: the diagnostic clears without a rebuild.
        var fixedText = Broken.Replace("[ConnectorMessage(30, 2)]\n[StructLayout(LayoutKind.Sequential)]\npublic partial struct Pong", "[ConnectorMessage(30, 3)]\n[StructLayout(LayoutKind.Sequential)]\npublic partial struct Pong", StringComparison.Ordinal);
        Assert.NotEqual(Broken, fixedText);
        await client.ChangeAsync(program, fixedText);
        diagnostics = await PullUntilAsync(client, program, found => found.All(d => Code(d) != "KC0001"), deadline.Token);
        AssertNoCompilerErrors(diagnostics, client);
    }

    private static async Task<IReadOnlyList<JsonElement>> PullUntilAsync(
        LanguageServerClient client, string path, Func<IReadOnlyList<JsonElement>, bool> done, CancellationToken cancellationToken)
    {
        // The server loads the project in the background and answers with what it has so far:
        // ask again until the answer is the state the test then asserts.
        while (true)
        {
            IReadOnlyList<JsonElement> diagnostics;
            try
            {
                diagnostics = await client.DiagnosticsAsync(path, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the language server never reported the expected diagnostics within {Patience}; its log:\n{client.Log}");
                throw;
            }

            if (done(diagnostics))
            {
                return diagnostics;
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private static void AssertNoCompilerErrors(IReadOnlyList<JsonElement> diagnostics, LanguageServerClient client)
    {
        var errors = diagnostics.Where(d => Code(d).StartsWith("CS", StringComparison.Ordinal) && d.GetProperty("severity").GetInt32() == 1).ToArray();
        Assert.True(errors.Length == 0, $"compiler errors in the editor (generated members did not resolve?):\n{string.Join("\n", errors)}\n{client.Log}");
    }

    private static int LineOf(string text) =>
        Broken.Split('\n').Select((line, index) => (line, index)).Single(l => l.line.Contains(text, StringComparison.Ordinal)).index;

    private static string Code(JsonElement diagnostic) =>
        diagnostic.TryGetProperty("code", out var code) ? code.ToString() : "";

    private async Task<IReadOnlyDictionary<string, string?>> CreateConsumerAsync(string consumer)
    {
        Directory.CreateDirectory(consumer);
        await File.WriteAllTextAsync(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{package.Feed}" />
              </packageSources>
            </configuration>
            """, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="KernelConnector" Version="{PackageFixture.Version}" />
              </ItemGroup>
            </Project>
            """, TestContext.Current.CancellationToken);
        return new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(package.Work, "packages") };
    }

    /// <summary>Installs the pinned csharp-ls into this test's folder (never globally) and returns its path.</summary>
    private async Task<string> InstallServerAsync()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, ".config", "dotnet-tools.json")))!;
        var version = manifest["tools"]?["csharp-ls"]?["version"]?.GetValue<string>()
            ?? throw new InvalidOperationException("the tool manifest does not pin csharp-ls");
        var tools = Path.Combine(package.Work, "tools");
        var install = await ProcessRunner.RunAsync(
            "dotnet", ["tool", "install", "csharp-ls", "--version", version, "--tool-path", tools], package.Work, ServerEnvironment(new Dictionary<string, string?>()), TimeSpan.FromMinutes(4));
        Assert.True(install.ExitCode == 0, $"csharp-ls {version} did not install: {install}");
        return Path.Combine(tools, "csharp-ls");
    }

    /// <summary>The consumer's package cache, and none of the MSBuild variables the outer `dotnet test` sets.</summary>
    private static Dictionary<string, string?> ServerEnvironment(IReadOnlyDictionary<string, string?> environment) =>
        new(environment)
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["MSBuildExtensionsPath"] = null,
            ["MSBUILD_EXE_PATH"] = null,
            ["MSBuildSDKsPath"] = null,
        };

    private static string RepositoryUrl =>
        XDocument.Load(Path.Combine(Repository.Root, "Directory.Build.props")).Descendants("RepositoryUrl").Single().Value;
}
