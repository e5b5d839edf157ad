using System.Linq;
using KernelConnector.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace KernelConnector.Generators.Tests.PublicApi;

/// <summary>
/// A user's first line, <c>await ProcessEventSource.StartAsync(new() { Events = ... })</c>, compiles
/// against the built runtime and picks the options overload in every C# version that has
/// target-typed <c>new()</c>, while the endpoint overload's calls still bind to it. C# 12 is what a
/// net8.0 project gets by default, and where <c>[OverloadResolutionPriority]</c> would not help.
/// </summary>
public sealed class ProcessEventSourceStartOverloadTests
{
    private const string UserCode = """
        using System.Threading;
        using System.Threading.Tasks;
        using KernelConnector;
        using KernelConnector.ProcessEvents;
        using KernelConnector.Testing;

        public static class User
        {
            public static async Task RunAsync(IConnectorEndpoint endpoint, CancellationToken token)
            {
                await using var optionsOnly = await ProcessEventSource.StartAsync(new() { Events = ProcEventKind.Exec });
                await using var optionsAndToken = await ProcessEventSource.StartAsync(new() { Events = ProcEventKind.Exec }, token);
                await using var nothing = await ProcessEventSource.StartAsync();
                await using var typedOptions = await ProcessEventSource.StartAsync(new ProcessEventSourceOptions(), token);
                await using var endpointAndNew = await ProcessEventSource.StartAsync(endpoint, new() { Events = ProcEventKind.Exec });
                await using var endpointOnly = await ProcessEventSource.StartAsync(endpoint);
                await using var endpointAndNamedToken = await ProcessEventSource.StartAsync(endpoint, cancellationToken: token);
                using var connector = new InMemoryConnector();
                await using var concreteEndpoint = await ProcessEventSource.StartAsync(connector.Open(), null, token);
            }
        }
        """;

    [Theory]
    [InlineData(LanguageVersion.CSharp9)]
    [InlineData(LanguageVersion.CSharp12)]
    [InlineData(LanguageVersion.CSharp13)]
    [InlineData(LanguageVersion.Preview)]
    public void Target_typed_options_pick_the_options_overload_and_endpoints_the_endpoint_one(LanguageVersion version)
    {
        var tree = CSharpSyntaxTree.ParseText(UserCode, new CSharpParseOptions(version), path: "User.cs");
        var compilation = CSharpCompilation.Create("User", [tree], TestCompilation.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()));

        var model = compilation.GetSemanticModel(tree);
        var firstParameterOf = tree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>()
            .Where(v => v.Initializer?.Value is AwaitExpressionSyntax)
            .ToDictionary(
                v => v.Identifier.Text,
                v => model.GetSymbolInfo(((AwaitExpressionSyntax)v.Initializer!.Value).Expression).Symbol is IMethodSymbol { Parameters: [var first, ..] }
                    ? first.Name
                    : "(not bound)");
        Assert.Equal("options", firstParameterOf["optionsOnly"]);
        Assert.Equal("options", firstParameterOf["optionsAndToken"]);
        Assert.Equal("options", firstParameterOf["nothing"]);
        Assert.Equal("options", firstParameterOf["typedOptions"]);
        Assert.Equal("endpoint", firstParameterOf["endpointAndNew"]);
        Assert.Equal("endpoint", firstParameterOf["endpointOnly"]);
        Assert.Equal("endpoint", firstParameterOf["endpointAndNamedToken"]);
        Assert.Equal("endpoint", firstParameterOf["concreteEndpoint"]);
    }
}
