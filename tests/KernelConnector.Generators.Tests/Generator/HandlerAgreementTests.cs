using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Generators.Tests.Analyzers;
using KernelConnector.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace KernelConnector.Generators.Tests.Generator;

/// <summary>
/// The generator and the analyzers use one handler validator, so they agree: the generator skips a
/// handler class exactly when an analyzer reports a class rule (KC0013, KC0022, KC0024, KC0025),
/// and a callback it leaves out (KC0012, KC0023) does not stop the class.
/// </summary>
public class HandlerAgreementTests
{
    private const string Messages = """
        using KernelConnector;
        [ConnectorMessage(20, 1)] public partial struct Probe { public uint A; }
        [ConnectorMessage(20, 2)] public partial struct Other { public uint A; }
        [ConnectorMessage(20, 3, Direction = ConnectorDirection.SendOnly)] public partial struct Request { public uint A; }

        """;

    private const string Callback = "[ConnectorCallback] void OnProbe(in ReceivedConnectorMessage<Probe> m) { }";

    private static readonly string[] ClassRules = ["KC0013", "KC0022", "KC0024", "KC0025"];

    [Theory]
    [InlineData("public partial class H { " + Callback + " }", true)]
    [InlineData("public partial class H { " + Callback + " [ConnectorCallback] static void OnOther(in ReceivedConnectorMessage<Other> m) { } }", true)]
    [InlineData("public partial class H { " + Callback + " [ConnectorCallback] int Wrong() => 0; }", true)]
    [InlineData("public partial class H { " + Callback + " [ConnectorCallback] void OnRequest(in ReceivedConnectorMessage<Request> m) { } }", true)]
    [InlineData("public partial class H { [ConnectorCallback] void Wrong(ReceivedConnectorMessage<Probe> m) { } }", true)]
    [InlineData("public class H { " + Callback + " }", false)]
    [InlineData("public class O { public partial class H { " + Callback + " } }", false)]
    [InlineData("public static partial class H { [ConnectorCallback] static void OnProbe(in ReceivedConnectorMessage<Probe> m) { } }", false)]
    [InlineData("public partial class H<T> { " + Callback + " }", false)]
    [InlineData("public partial struct H { " + Callback + " }", false)]
    [InlineData("public partial class H { " + Callback + " public void Register(ConnectorRouter router) { } }", false)]
    [InlineData("public partial class H { " + Callback + " public int Dispatch; }", false)]
    [InlineData("public partial class H { " + Callback + " [ConnectorCallback] void Again(in ReceivedConnectorMessage<Probe> m) { } }", false)]
    public async Task The_generator_skips_a_handler_class_exactly_when_a_class_rule_is_reported(string handler, bool generated)
    {
        var compilation = TestCompilation.Create(Messages + handler);
        var (driver, _, _) = TestCompilation.Run(compilation);
        var sources = driver.GetRunResult().Results.Single().GeneratedSources;
        var diagnostics = await compilation.WithAnalyzers([.. RuleCatalogueTests.Analyzers]).GetAnalyzerDiagnosticsAsync();

        Assert.Equal(generated, sources.Any(s => s.HintName.EndsWith(".ConnectorHandlers.g.cs", System.StringComparison.Ordinal)));
        Assert.Equal(!generated, diagnostics.Any(d => ClassRules.Contains(d.Id)));
    }
}
