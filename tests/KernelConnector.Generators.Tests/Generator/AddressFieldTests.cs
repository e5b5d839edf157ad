using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace KernelConnector.Generators.Tests.Generator;

/// <summary>
/// Pointers and pointer-sized integers in a message (KC0026) are the analyzers' to report: the
/// generator still implements the struct, and nothing else complains, so KC0026 is the one thing a
/// build shows.
/// </summary>
public class AddressFieldTests
{
    private const string Source = """
        using System;
        using System.Runtime.InteropServices;
        using KernelConnector;

        namespace Sample;

        [ConnectorMessage(20, 1, MaxTrailingBytes = 8)]
        [StructLayout(LayoutKind.Sequential)]
        public unsafe partial struct Addresses
        {
            public byte* Bytes;
            public int* Ints;
            public void* Anything;
            public delegate* unmanaged<void> Callback;
            public nint Signed;
            public nuint Unsigned;
            public IntPtr Handle;
            public UIntPtr Cookie;
            public Inner Nested;
        }

        [StructLayout(LayoutKind.Sequential)]
        public unsafe struct Inner { public void* Where; }

        public partial class Handlers
        {
            public ulong Last;

            [ConnectorCallback]
            private void OnAddresses(in ReceivedConnectorMessage<Addresses> message) => Last = (ulong)message.Value.Signed;
        }

        public static class Use
        {
            public static int Size() => Addresses.Size;
        }
        """;

    [Fact]
    public async Task The_only_diagnostics_are_KC0026_one_per_field_and_the_generated_code_compiles()
    {
        var (driver, output, generatorDiagnostics) = TestCompilation.Run(TestCompilation.Create(Source));
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        Assert.Empty(generatorDiagnostics);
        Assert.Equal(["Sample.Addresses.ConnectorMessage.g.cs", "Sample.Handlers.ConnectorHandlers.g.cs"], result.GeneratedSources.Select(s => s.HintName).Order());
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));

        // Every analyzer of the package, as a build runs them, on the compilation with the generated code.
        ImmutableArray<DiagnosticAnalyzer> analyzers = [.. Analyzers.RuleCatalogueTests.Analyzers];
        var found = await output.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
        Assert.Equal(
            ["Anything", "Bytes", "Callback", "Cookie", "Handle", "Ints", "Nested.Where", "Signed", "Unsigned"],
            found.Where(d => d.Id == "KC0026").Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Split('\'')[1]).Order());
        Assert.Equal(["KC0026"], found.Select(d => d.Id).Distinct());
    }
}
