using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Generators.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics;
using KernelConnector.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KernelConnector.Generators.Tests.Generator;

public class BrokenInputTests
{
    private const string Valid = """
        using System.Runtime.InteropServices;
        using KernelConnector;
        namespace Sample;
        [ConnectorMessage(20, 7, MaxTrailingBytes = 8)]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct Probe { public uint Kind; public bool Ready; }
        public partial class Handlers { [ConnectorCallback] private void OnProbe(in ConnectorMessage<Probe> m) { } }
        """;

    public static IEnumerable<TheoryDataRow<string>> Broken()
    {
        yield return "using KernelConnector; [ConnectorMessage(] public partial struct A { }";
        yield return "using KernelConnector; [ConnectorMessage(\"x\", 2)] public partial struct A { public uint X; }";
        yield return "using KernelConnector; [ConnectorMessage(-1, 2)] public partial struct A { public uint X; }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2, Group = -5, MaxTrailingBytes = \"a\")] public partial struct A { public uint X; }";
        yield return "[ConnectorMessage(1, 2)] public partial struct MissingUsing { public uint X; }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial struct Recursive { public Recursive Self; }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial struct A { public B B; } public struct B { public A A; }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial struct G<T> { public T Value; }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public unsafe partial struct Huge { public fixed byte Data[100000000]; }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial struct Unknown { public NoSuchType X; }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial class NotAStruct { }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial ref struct RefStruct { public int X; }";
        yield return "using KernelConnector; public partial class H { [ConnectorCallback] void M(in ConnectorMessage<NoSuch> m) { } }";
        yield return "using KernelConnector; public partial class H { [ConnectorCallback] void M(in ConnectorMessage<int> m) { } }";
        yield return "using KernelConnector; public partial class H { [ConnectorCallback] int M() => 0; }";
        yield return "using KernelConnector; public static partial class H { [ConnectorCallback] static void M(in ConnectorMessage<P> m) { } } [ConnectorMessage(1,2)] public partial struct P { }";
        yield return "using KernelConnector; public partial class H<T> { [ConnectorCallback] void M(in ConnectorMessage<P> m) { } } [ConnectorMessage(1,2)] public partial struct P { }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] [ConnectorMessage(1, 3)] public partial struct Twice { }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial struct A { [ClosedEnum] public E E; [SequenceKey] public ulong K; } [ClosedEnum] public enum E { }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial record struct R(string Name);";
        // The valid file cut short at every few characters.
        for (var cut = 1; cut < Valid.Length; cut += 7)
        {
            yield return Valid[..cut];
        }
    }

    [Theory]
    [MemberData(nameof(Broken))]
    public void Broken_code_never_makes_the_generator_throw(string source)
    {
        var (driver, output, diagnostics) = TestCompilation.Run(TestCompilation.Create(source));
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        Assert.DoesNotContain(diagnostics, d => d.Id == "CS8785");

        // Whatever the generator adds must not be what breaks the build.
        var before = TestCompilation.Create(source).GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
        if (before == 0)
        {
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }
    }

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task Broken_code_never_makes_an_analyzer_throw(string source)
    {
        var exceptions = new ConcurrentQueue<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            onAnalyzerException: (exception, _, _) => exceptions.Enqueue(exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        ImmutableArray<DiagnosticAnalyzer> analyzers = [new MessageStructAnalyzer(), new DuplicateIdAnalyzer(), new CallbackAnalyzer()];
        var diagnostics = await TestCompilation.Create(source).WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();

        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }
}
