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
        public partial class Handlers { [ConnectorCallback] private void OnProbe(in ReceivedConnectorMessage<Probe> m) { } }
        """;

    [Fact]
    public void The_corpus_has_at_least_200_sources() => Assert.True(Broken().Count() >= 200, $"{Broken().Count()} sources");

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
        yield return "using KernelConnector; public partial class H { [ConnectorCallback] void M(in ReceivedConnectorMessage<NoSuch> m) { } }";
        yield return "using KernelConnector; public partial class H { [ConnectorCallback] void M(in ReceivedConnectorMessage<int> m) { } }";
        yield return "using KernelConnector; public partial class H { [ConnectorCallback] int M() => 0; }";
        yield return "using KernelConnector; public static partial class H { [ConnectorCallback] static void M(in ReceivedConnectorMessage<P> m) { } } [ConnectorMessage(1,2)] public partial struct P { }";
        yield return "using KernelConnector; public partial class H<T> { [ConnectorCallback] void M(in ReceivedConnectorMessage<P> m) { } } [ConnectorMessage(1,2)] public partial struct P { }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] [ConnectorMessage(1, 3)] public partial struct Twice { }";
        // The attribute on two declarations of one partial struct: two syntax targets, one type.
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial struct Split { public uint A; } [ConnectorMessage(1, 2)] public partial struct Split { public uint B; }";
        yield return "using KernelConnector; namespace N { [ConnectorMessage(1, 2)] partial struct S { } [ConnectorMessage(1, 3)] partial struct S { public uint A; } }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial struct A { [ClosedEnum] public E E; [SequenceKey] public ulong K; } [ClosedEnum] public enum E { }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial record struct R(string Name);";
        yield return "using KernelConnector; using System.Runtime.InteropServices; [ConnectorMessage(1, 2)] [StructLayout(LayoutKind.Explicit)] public partial struct NoOffsets { public int A; public int B; }";
        yield return "using KernelConnector; using System.Runtime.InteropServices; [ConnectorMessage(1, 2)] [StructLayout(LayoutKind.Sequential, Pack = 3, Size = -4)] public partial struct BadPack { public int A; }";
        yield return "using KernelConnector; using System.Runtime.InteropServices; [ConnectorMessage(1, 2)] [StructLayout(LayoutKind.Explicit, Size = 2)] public partial struct Negative { [FieldOffset(-8)] public long A; }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2, Direction = (ConnectorDirection)99, UnicastOnly = true, Group = uint.MaxValue)] public partial struct Odd { public uint A; }";
        yield return "using KernelConnector; [ConnectorMessage(uint.MaxValue, uint.MaxValue, MaxTrailingBytes = int.MaxValue)] public partial struct Max { public uint A; }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2, MaxTrailingBytes = -1)] public partial struct NegativeTrailing { public uint A; }";
        yield return "using KernelConnector; [System.Runtime.CompilerServices.InlineArray(0)] public struct Empty { private int _e; } [ConnectorMessage(1, 2)] public partial struct A { public Empty E; }";
        yield return "using KernelConnector; [System.Runtime.CompilerServices.InlineArray(1000000000)] public struct Big { private long _e; } [ConnectorMessage(1, 2)] public partial struct A { public Big B; }";
        yield return "using KernelConnector; public partial class O<T> { public partial struct M<U> { [ConnectorMessage(1, 2)] public partial struct N { public uint A; } } }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial struct Cycle1 { public Cycle2 Next; } public struct Cycle2 { public Cycle3 Next; } public struct Cycle3 { public Cycle1 Next; }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial struct Ptr { public unsafe void* P; public nint N; public delegate*<void> F; }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2, MaxTrailingBytes = -5)] public partial struct NegativeTrailing { public uint A; }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2, MaxTrailingBytes = int.MinValue)] public partial struct MinTrailing { public uint A; }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial struct A { public B B; } public struct B { public byte X; public C C; } public struct C { public B B; public long L; }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial struct A { public Arr Items; } [System.Runtime.CompilerServices.InlineArray(2)] public struct Arr { private P _e; } public struct P { public byte X; public int Y; }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial struct A { public NoSuch N; public Inner I; } public struct Inner { public byte X; public NoSuch Y; }";
        yield return "using KernelConnector; public class H { [ConnectorCallback] void M(in ReceivedConnectorMessage<P> m) { } } [ConnectorMessage(1,2)] public partial struct P { }";
        yield return "using KernelConnector; public class O { public class H { [ConnectorCallback] void M(in ReceivedConnectorMessage<P> m) { } } } [ConnectorMessage(1,2)] public partial struct P { }";
        yield return "using KernelConnector; public partial class H { [ConnectorCallback] void M(in ReceivedConnectorMessage<P> m) { } } [ConnectorMessage(1, 2, Direction = ConnectorDirection.SendOnly)] public partial struct P { }";
        yield return "using KernelConnector; public partial class H { [ConnectorCallback] void M(in ReceivedConnectorMessage<P> m) { } public void Register(ConnectorRouter r) { } public int Dispatch; public int? GetSequenceKeyOffset(CbId id) => null; } [ConnectorMessage(1,2)] public partial struct P { }";
        yield return "using KernelConnector; public partial class H { [ConnectorCallback] void M(in ReceivedConnectorMessage<P> m) { } public void Register(NoSuch r) { } public void Dispatch<T>(System.ReadOnlySpan<byte> d, uint p) { } class GetSequenceKeyOffset { } } [ConnectorMessage(1,2)] public partial struct P { }";
        // Messages without fields (0-byte payloads) and a zero-length fixed buffer (CS1665).
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial struct Empty { } public partial class H { [ConnectorCallback] void M(in ReceivedConnectorMessage<Empty> m) { } }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2, MaxTrailingBytes = 16364)] public readonly partial record struct Bytes(); [ConnectorMessage(1, 3)] public partial struct E { public E() { } }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public unsafe partial struct Zero { public fixed byte Data[0]; }";
        // Fields of empty structs (KC0027) in broken code: a type that does not resolve, cycles through one, a broken empty struct.
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial struct A { public NoSuchEmpty E; public uint After; public NoSuch<Marker> G; } public struct Marker { }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial struct A { public R R; } public struct R { public Marker M; public R Self; } public struct Marker { }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial struct A { public Marker M; } public struct Marker { public Marker Self; }";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial struct A { public Marker M, ; public Marker { get; } public (Marker, ) T; } public struct Marker";
        yield return "using KernelConnector; [ConnectorMessage(1, 2)] public partial struct A { public W<W<Marker>> M; } public struct W<T> { public T Value; } public struct Marker { } public struct Marker { }";
        yield return "using KernelConnector; [CStruct(null, null)] public partial struct A { public uint X; }";
        yield return "using KernelConnector; [CStruct(\"\", \" \")] [ConnectorMessage(1, 2)] public partial struct A { public uint X; }";
        yield return "using KernelConnector; [CStruct(1, 2)] public partial struct A { public uint X; }";
        yield return "using KernelConnector; [CStruct(\"a.h\")] [CStruct(\"a.h\", \"s\", \"t\")] public partial struct A { public NoSuch X; }";
        yield return "using KernelConnector; [CStruct(\"a.h\", \"s\")] public class NotAStruct { } [CStruct(\"a.h\", \"s\")] public enum E { }";
        yield return "using KernelConnector; [CStruct(\"a.h\", \"s\")] public partial struct A { public A Self; public string S; }";

        // Deeply nested structs.
        var deep = new System.Text.StringBuilder("using KernelConnector; [ConnectorMessage(1, 2)] public partial struct Deep { public L0 Inner; }");
        for (var i = 0; i < 40; i++)
        {
            deep.Append($" public struct L{i} {{ public L{i + 1} Inner; public bool Flag; }}");
        }

        deep.Append(" public struct L40 { public int End; }");
        yield return deep.ToString();

        // Random attribute arguments.
        var rng = new System.Random(1234);
        string[] values = ["0", "1", "-1", "uint.MaxValue", "\"x\"", "null", "1.5", "true", "(uint)Foo", "", "int.MinValue", "0xFFFFFFFF"];
        for (var i = 0; i < 24; i++)
        {
            string V() => values[rng.Next(values.Length)];
            yield return $"using KernelConnector; [ConnectorMessage({V()}, {V()}, Group = {V()}, MaxTrailingBytes = {V()})] public partial struct R{i} {{ public uint A; }}";
        }

        // The valid file cut short at every other character.
        for (var cut = 1; cut < Valid.Length; cut += 2)
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

    [Fact]
    public void The_attribute_on_declarations_in_two_files_never_makes_the_generator_throw()
    {
        // One partial struct, [ConnectorMessage] on a declaration in each file (CS0579): two
        // syntax targets of one type must not become two sources with the same hint name.
        var (driver, _, diagnostics) = TestCompilation.Run(TestCompilation.Create(
            "using KernelConnector; namespace N; [ConnectorMessage(1, 2)] public partial struct Split { public uint A; }",
            "using KernelConnector; namespace N; [ConnectorMessage(1, 2)] public partial struct Split { public uint B; }"));
        Assert.Null(driver.GetRunResult().Results.Single().Exception);
        Assert.DoesNotContain(diagnostics, d => d.Id == "CS8785");
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
        ImmutableArray<DiagnosticAnalyzer> analyzers = [.. Analyzers.RuleCatalogueTests.Analyzers];
        var diagnostics = await TestCompilation.Create(source).WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();

        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }
}
