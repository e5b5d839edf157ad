using System;
using System.IO;
using System.Linq;
using KernelConnector.Generators.Tests.Support;
using KernelConnector.Tests.Shared;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KernelConnector.Generators.Tests.Generator;

public class GeneratorOutputTests
{
    private const string Messages = """
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;
        using KernelConnector;

        namespace Sample;

        [ConnectorMessage(20, 7, MaxTrailingBytes = 16)]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct Probe
        {
            public uint Kind;
            public ulong Stamp;
            public bool Ready;
            public Mode Mode;
            public Bools2 Bits;
        }

        [ClosedEnum]
        public enum Mode : byte { Off, On, Same = On }

        [InlineArray(2)]
        public struct Bools2 { private bool _e; }

        [ConnectorMessage(20, 8, Group = 5)]
        [StructLayout(LayoutKind.Explicit, Size = 16)]
        public partial struct Union
        {
            [FieldOffset(0)] public uint What;
            [FieldOffset(4), SequenceKey] public uint Cpu;
            [FieldOffset(8)] public int Pid;
            [FieldOffset(8)] public uint Id;
        }

        [ConnectorMessage(20, 9, MaxTrailingBytes = 4)]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct Bell
        {
        }

        public partial class Handlers
        {
            [ConnectorCallback]
            private void OnProbe(in ReceivedConnectorMessage<Probe> message) { }

            [ConnectorCallback]
            public static void OnUnion(in ReceivedConnectorMessage<Union> message) { }
        }
        """;

    [Theory]
    [InlineData("Sample.Probe.ConnectorMessage.g.cs")]
    [InlineData("Sample.Union.ConnectorMessage.g.cs")]
    [InlineData("Sample.Bell.ConnectorMessage.g.cs")]
    [InlineData("Sample.Handlers.ConnectorHandlers.g.cs")]
    public void Generated_source_matches_the_reviewed_snapshot(string hintName)
    {
        var (driver, _, _) = TestCompilation.Run(TestCompilation.Create(Messages));
        var generated = driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
        var snapshot = Path.Combine(SnapshotDirectory(), hintName);
        var current = File.Exists(snapshot) ? File.ReadAllText(snapshot).ReplaceLineEndings("\n") : null;
        if (Environment.GetEnvironmentVariable("KERNELCONNECTOR_UPDATE_SNAPSHOTS") == "1" && current != generated.ReplaceLineEndings("\n"))
        {
            // A deliberate update: the file is rewritten, and the run still fails, so that an
            // update never passes unseen; review the diff, commit it, and run again without the variable.
            File.WriteAllText(snapshot, generated);
            Assert.Fail($"Snapshot {hintName} rewritten (KERNELCONNECTOR_UPDATE_SNAPSHOTS=1): review the diff and run again without the variable.");
        }

        Assert.True(current is not null, $"No snapshot {snapshot}; run with KERNELCONNECTOR_UPDATE_SNAPSHOTS=1 and review it.");
        Assert.Equal(current, generated.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Generated_code_compiles_without_a_diagnostic()
    {
        var (_, output, diagnostics) = TestCompilation.Run(TestCompilation.Create(Messages, Shapes));
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Equal(10, output.SyntaxTrees.Count() - 2);
    }

    // Every shape the generator must handle: record structs, nesting, file-scoped and global
    // namespaces, generic containing types, fixed buffers, enums with explicit underlying types, Pack.
    private const string Shapes = """
        using System.Runtime.InteropServices;
        using KernelConnector;

        [ConnectorMessage(30, 1)]
        public partial record struct InGlobalNamespace(uint A, uint B);

        namespace Deep.Er
        {
            public partial class Outer<T> where T : struct
            {
                public partial struct Middle
                {
                    [ConnectorMessage(30, 2)]
                    internal partial struct Innermost { public long Value; }
                }
            }

            [ConnectorMessage(30, 3)]
            [StructLayout(LayoutKind.Sequential, Pack = 1)]
            public unsafe partial struct Packed
            {
                public byte Tag;
                public fixed bool Flags[3];
                public ulong Unaligned;
                public Small Kind;
            }

            public enum Small : sbyte { Minus = -1, Zero = 0 }

            public partial class ManyHandlers
            {
                [ConnectorCallback] void A(in ReceivedConnectorMessage<Packed> m) { }
                [ConnectorCallback] void B(in ReceivedConnectorMessage<InGlobalNamespace> m) { }
                [ConnectorCallback] void C(in ReceivedConnectorMessage<Outer<int>.Middle.Innermost> m) { }
                [ConnectorCallback] void D(in ReceivedConnectorMessage<KernelConnector.ProcessEvents.ProcEvent> m) { }
            }
        }

        public partial struct Plain
        {
            [ConnectorMessage(30, 4, MaxTrailingBytes = 100)]
            public partial struct WithTrailing { public int Size; public int Write; }
        }

        [ConnectorMessage(30, 5)]
        public partial struct NamesThatClash
        {
            public uint Id;
            public ushort Group;
            public ushort Size;
        }
        """;

    [Fact]
    public void Invalid_targets_are_skipped_without_a_diagnostic_from_the_generator()
    {
        const string invalid = """
            using System;
            using KernelConnector;

            [ConnectorMessage(40, 1)] public struct NotPartial { public uint A; }
            [ConnectorMessage(40, 2)] public partial struct WithString { public string S; }
            [ConnectorMessage(40, 3)] public partial struct Generic<T> where T : unmanaged { public T Value; }
            [ConnectorMessage(40, 4)] public partial struct WithDate { public DateTime When; }
            public class Container { [ConnectorMessage(40, 5)] public partial struct InNonPartial { public uint A; } }
            [ConnectorMessage(40, 6)] [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Auto)] public partial struct Auto { public uint A; }
            [ConnectorMessage(40, 7)] public partial struct Fine { public uint A; }
            [ConnectorMessage(40, 8, MaxTrailingBytes = -5)] public partial struct NegativeTrailing { public uint A; }
            public partial class Clash
            {
                [ConnectorCallback] void OnFine(in ReceivedConnectorMessage<Fine> m) { }
                public void Register(ConnectorRouter router) { }
            }
            public partial class Handlers
            {
                [ConnectorCallback] void WrongSignature(ReceivedConnectorMessage<Fine> m) { }
                [ConnectorCallback] void Good(in ReceivedConnectorMessage<Fine> m) { }
            }
            public partial class Twice
            {
                [ConnectorCallback] void One(in ReceivedConnectorMessage<Fine> m) { }
                [ConnectorCallback] void Two(in ReceivedConnectorMessage<Fine> m) { }
            }
            """;
        var (driver, _, diagnostics) = TestCompilation.Run(TestCompilation.Create(invalid));
        Assert.Empty(diagnostics);
        var hints = driver.GetRunResult().Results.Single().GeneratedSources.Select(s => s.HintName).Order().ToArray();
        Assert.Equal(["Fine.ConnectorMessage.g.cs", "Handlers.ConnectorHandlers.g.cs"], hints);
        var handlers = driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName.StartsWith("Handlers", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("Good(in typed)", handlers, StringComparison.Ordinal);
        Assert.DoesNotContain("WrongSignature", handlers, StringComparison.Ordinal);
    }

    private static string SnapshotDirectory() =>
        Path.Combine(RepositoryRoot.Path, "tests", "KernelConnector.Generators.Tests", "Generator", "Snapshots");
}
