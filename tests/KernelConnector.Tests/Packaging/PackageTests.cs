using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.Packaging;

/// <summary>
/// Packs the one KernelConnector package and uses it the way the product says users do: a
/// PackageReference from a throw-away project, restored from a folder feed.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class PackageTests(PackageFixture package) : IClassFixture<PackageFixture>
{
    private const string Version = PackageFixture.Version;

    private readonly string _work = package.Work;
    private readonly string _feed = package.Feed;

    [Fact]
    public void Package_holds_runtime_libraries_and_analyzers_in_their_places()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(_feed, $"KernelConnector.{Version}.nupkg"));
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("lib/net8.0/KernelConnector.dll", entries);
        Assert.Contains("lib/net10.0/KernelConnector.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/KernelConnector.Generators.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/KernelConnector.CodeFixes.dll", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && (e.Contains("Generators") || e.Contains("CodeFixes")));
        Assert.DoesNotContain(entries, e => e.StartsWith("analyzers/", StringComparison.Ordinal) && e.EndsWith("/KernelConnector.dll", StringComparison.Ordinal));
    }

    [Fact]
    public void Package_carries_the_license_the_repository_and_a_symbols_package()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(_feed, $"KernelConnector.{Version}.nupkg"));
        var license = ReadEntry(zip, "LICENSE");
        Assert.StartsWith("MIT License", license, StringComparison.Ordinal);
        Assert.Contains("Copyright (c) 2026 KernelConnector contributors", license, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Path.Combine(Repository.Root, "LICENSE")), license);

        // The nuspec names the license and the one repository URL that Directory.Build.props defines.
        var nuspec = XDocument.Parse(ReadEntry(zip, "KernelConnector.nuspec"));
        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Element(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Assert.Equal("MIT", Element("license"));
        Assert.Equal(RepositoryUrl, Element("projectUrl"));
        Assert.Equal(RepositoryUrl, metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("url")?.Value);

        // Release notes: the repository's changelog, which has a section for the version being packed.
        Assert.Equal(RepositoryUrl + "/blob/main/CHANGELOG.md", Element("releaseNotes"));
        var version = XDocument.Load(Path.Combine(Repository.Root, "Directory.Build.props")).Descendants("Version").Single().Value;
        Assert.Matches($@"(?m)^## \[{Regex.Escape(version)}\]", File.ReadAllText(Path.Combine(Repository.Root, "CHANGELOG.md")));

        using var symbols = ZipFile.OpenRead(Path.Combine(_feed, $"KernelConnector.{Version}.snupkg"));
        var entries = symbols.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("lib/net8.0/KernelConnector.pdb", entries);
        Assert.Contains("lib/net10.0/KernelConnector.pdb", entries);
    }

    [Fact]
    public void Packed_readme_has_only_absolute_links_and_otherwise_is_the_repository_readme()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(_feed, $"KernelConnector.{Version}.nupkg"));
        var packed = ReadEntry(zip, "README.md");

        // Inline links and images ](target) and reference definitions [name]: target.
        var targets = Regex.Matches(packed, @"\]\(\s*<?([^)\s>]+)|^\s*\[[^\]]+\]:\s*<?(\S+?)>?\s*$", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
            .ToArray();
        Assert.NotEmpty(targets);
        Assert.All(targets, t => Assert.True(t.StartsWith("https://", StringComparison.Ordinal) || t.StartsWith('#'), $"relative link in the packed README: {t}"));
        Assert.Contains($"]({RepositoryUrl}/blob/main/docs/diagnostics.md)", packed, StringComparison.Ordinal);
        Assert.Contains($"]({RepositoryUrl}/blob/main/samples/README.md)", packed, StringComparison.Ordinal);

        // Only the links changed: the repository's README keeps its relative links for GitHub.
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        Assert.Contains("](docs/diagnostics.md)", readme, StringComparison.Ordinal);
        Assert.Equal(readme.TrimEnd(), packed.Replace($"]({RepositoryUrl}/blob/main/", "](", StringComparison.Ordinal).TrimEnd());
    }

    /// <summary>The repository URL, from the one place that defines it.</summary>
    private static string RepositoryUrl =>
        XDocument.Load(Path.Combine(Repository.Root, "Directory.Build.props")).Descendants("RepositoryUrl").Single().Value;

    private static string ReadEntry(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)?.Open() ?? throw new InvalidOperationException($"{name} is not in the package"));
        return reader.ReadToEnd();
    }

    [Fact]
    public async Task Consumer_gets_generated_code_and_analyzer_diagnostics()
    {
        var consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(consumer);
        await WriteFile(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{_feed}" />
              </packageSources>
            </configuration>
            """);
        await WriteFile(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="KernelConnector" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        // Every member used below exists only if the generator ran inside the consumer's build.
        await WriteFile(Path.Combine(consumer, "Program.cs"), """
            using System.Runtime.InteropServices;
            using KernelConnector;
            using KernelConnector.Wire;

            var buffer = new byte[128];
            var ping = new Ping { Value = 1234, Stamp = 99 };
            var length = ConnectorDatagram.Write(buffer, in ping, [7, 8, 9], seq: 5, ack: 6);
            var router = new ConnectorRouter();
            var handlers = new Handlers();
            handlers.Register(router);
            router.Dispatch(buffer.AsSpan(0, length), senderPortId: 0);
            Console.WriteLine($"{Ping.Id} size {Ping.Size} group {Ping.Group} datagram {length}");
            Console.WriteLine(handlers.Seen);

            [ConnectorMessage(30, 2, MaxTrailingBytes = 16)]
            [StructLayout(LayoutKind.Sequential)]
            public partial struct Ping
            {
                public uint Value;
                public uint Reserved;
                public ulong Stamp;
            }

            public partial class Handlers
            {
                public string Seen { get; private set; } = "nothing";

                [ConnectorCallback]
                private void OnPing(in ReceivedConnectorMessage<Ping> message) =>
                    Seen = $"ping {message.Value.Value} stamp {message.Value.Stamp} seq {message.Seq} ack {message.Ack} trailing {string.Join(",", message.Trailing.ToArray())}";
            }
            """);

        var environment = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(_work, "packages") };
        var build = await Dotnet(consumer, environment, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, $"the consumer did not build: {build}");

        var run = await ProcessRunner.RunAsync("dotnet", [Path.Combine(consumer, "bin", "Release", "net10.0", "Consumer.dll")], consumer);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            ["{30, 2} size 16 group 30 datagram 55", "ping 1234 stamp 99 seq 5 ack 6 trailing 7,8,9"],
            run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        // Bad consumer code: a second message type with the same cb_id must fail the build with KC0001.
        await WriteFile(Path.Combine(consumer, "Duplicate.cs"), """
            using System.Runtime.InteropServices;
            using KernelConnector;

            [ConnectorMessage(30, 2)]
            [StructLayout(LayoutKind.Sequential)]
            public partial struct Pong
            {
                public uint Value;
            }
            """);
        var bad = await Dotnet(consumer, environment, "build", "-c", "Release", "--no-restore");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("error KC0001", bad.Output, StringComparison.Ordinal);
        Assert.Contains("Pong", bad.Output, StringComparison.Ordinal);
    }

    private static Task WriteFile(string path, string contents) =>
        File.WriteAllTextAsync(path, contents, TestContext.Current.CancellationToken);

    internal static Task<ProcessRunner.Result> Dotnet(string directory, params string[] arguments) =>
        Dotnet(directory, null, arguments);

    internal static Task<ProcessRunner.Result> Dotnet(string directory, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var env = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>())
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            // The outer `dotnet test` sets MSBuild variables that must not leak into these builds.
            ["MSBuildExtensionsPath"] = null,
            ["MSBUILD_EXE_PATH"] = null,
            ["MSBuildSDKsPath"] = null,
        };
        return ProcessRunner.RunAsync("dotnet", [.. arguments, "-nodeReuse:false"], directory, env, TimeSpan.FromMinutes(8));
    }

    internal static void CopySources(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(dir);
            if (name is "bin" or "obj")
            {
                continue;
            }

            CopySources(dir, Path.Combine(to, name));
        }
    }
}

/// <summary>Packs the package once for every test of <see cref="PackageTests"/>.</summary>
public sealed class PackageFixture : IAsyncLifetime
{
    public const string Version = "99.0.0-packagetest";

    public string Work { get; } = Directory.CreateTempSubdirectory("kc-package-").FullName;

    public string Feed => Path.Combine(Work, "feed");

    public async ValueTask InitializeAsync()
    {
        // Pack from a copy so that this test never races the build that is running the tests.
        var copy = Path.Combine(Work, "repo");
        Directory.CreateDirectory(copy);
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "README.md", "LICENSE", ".editorconfig" })
        {
            File.Copy(Path.Combine(Repository.Root, file), Path.Combine(copy, file));
        }

        PackageTests.CopySources(Path.Combine(Repository.Root, "src"), Path.Combine(copy, "src"));
        var pack = await PackageTests.Dotnet(copy, "pack", "src/KernelConnector", "-c", "Release", "-o", Feed, $"-p:Version={Version}");
        Assert.True(pack.ExitCode == 0, $"dotnet pack failed: {pack}");
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the test result is what matters.
        }

        return ValueTask.CompletedTask;
    }
}
