using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.CodeFixes;
using KernelConnector.Generators.Diagnostics;
using KernelConnector.Generators.Tests.CHeaders;
using KernelConnector.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace KernelConnector.Generators.Tests.HeaderParity;

public class WriteFromHeaderCodeFixTests
{
    private const string Header = """
        #include <linux/types.h>
        #define NAME_LEN 8
        struct cb_id {
                __u32 idx;
                __u32 val;
        };
        struct probe {
                struct cb_id id;
                __u8 kind;
                __s32 delta;
                char name[NAME_LEN];
                union {
                        __u64 stamp;
                        __u32 halves[2];
                };
                __u8 data[];
        };
        """;

    [Fact]
    public async Task Writes_every_struct_of_the_installed_headers_into_code_that_compiles_and_matches()
    {
        string[] headers = ["linux/connector.h", "linux/cn_proc.h", "linux/dm-log-userspace.h", "linux/dm-ioctl.h"];
        var (_, files) = SystemHeaders.Read(headers);
        var source = new StringBuilder("using KernelConnector;\nnamespace Sample;\n");
        var count = 0;
        foreach (var header in headers.Take(3))
        {
            foreach (var record in files[header].RecordsInOrder)
            {
                count++;
                source.Append($"[CStruct(\"{header}\", \"{record.Tag}\")] [ConnectorMessage(20, {count}, MaxTrailingBytes = 64)] public partial struct S{count} {{ public byte Placeholder; }}\n");
            }
        }

        var written = await FixRunner.ApplyAsync(source.ToString(), [.. headers.Select(h => ("/usr/include/" + h, SystemHeaders.Text(h)))]);

        // It compiles, with the generator's serializers, and every analyzer is satisfied.
        var (_, output, generatorDiagnostics) = TestCompilation.Run(TestCompilation.Create(written));
        Assert.Empty(generatorDiagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "CS0436"));
        ImmutableArray<DiagnosticAnalyzer> analyzers = [.. Analyzers.RuleCatalogueTests.Analyzers];
        var additional = headers.Select(h => (AdditionalText)new Text("/usr/include/" + h, SystemHeaders.Text(h))).ToImmutableArray();
        var diagnostics = await TestCompilation.Create(written).WithAnalyzers(analyzers, new AnalyzerOptions(additional)).GetAnalyzerDiagnosticsAsync();
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics) + "\n" + written);
        Assert.True(count >= 12, $"{count} structs");
        Assert.DoesNotContain("Placeholder", written, System.StringComparison.Ordinal);
    }

    [Fact]
    public Task Writes_a_struct_from_the_header_and_fixes_every_struct_of_a_document_at_once()
    {
        var test = new CSharpCodeFixTest<HeaderParityAnalyzer, WriteFromHeaderCodeFix, DefaultVerifier>
        {
            TestCode = """
                using KernelConnector;

                [CStruct("test.h", "probe")]
                [ConnectorMessage(20, 1, MaxTrailingBytes = 16)]
                public partial struct {|KC0033:Probe|}
                {
                }

                [CStruct("test.h", "cb_id")]
                public partial struct Id
                {
                    public uint Idx;
                    public int {|KC0036:Val|};
                }
                """,
            FixedCode = """
                using System.Runtime.InteropServices;
                using KernelConnector;

                [CStruct("test.h", "probe")]
                [ConnectorMessage(20, 1, MaxTrailingBytes = 16)]
                [StructLayout(LayoutKind.Explicit, Size = 32)]
                public unsafe partial struct Probe
                {
                    /// <summary><c>struct cb_id id</c>.</summary>
                    [FieldOffset(0)]
                    public CbId Id;
                    /// <summary><c>__u8 kind</c>.</summary>
                    [FieldOffset(8)]
                    public byte Kind;
                    /// <summary><c>__s32 delta</c>.</summary>
                    [FieldOffset(12)]
                    public int Delta;
                    /// <summary><c>char name[8]</c>.</summary>
                    [FieldOffset(16)]
                    public fixed byte Name[8];
                    /// <summary><c>__u64 stamp</c>.</summary>
                    [FieldOffset(24)]
                    public ulong Stamp;
                    /// <summary><c>__u32 halves[2]</c>.</summary>
                    [FieldOffset(24)]
                    public fixed uint Halves[2];
                    /// <summary><c>struct cb_id</c>.</summary>
                    [StructLayout(LayoutKind.Sequential)]
                    public struct CbId
                    {
                        /// <summary><c>__u32 idx</c>.</summary>
                        public uint Idx;
                        /// <summary><c>__u32 val</c>.</summary>
                        public uint Val;
                    }
                }

                [CStruct("test.h", "cb_id")]
                [StructLayout(LayoutKind.Sequential)]
                public partial struct Id
                {
                    public uint Idx;
                    /// <summary><c>__u32 val</c>.</summary>
                    public uint Val;
                }
                """,
        };
        test.TestState.AdditionalFiles.Add(("/include/test.h", Header));
        test.FixedState.AdditionalFiles.Add(("/include/test.h", Header));
        test.BatchFixedState.AdditionalFiles.Add(("/include/test.h", Header));
        test.CodeActionValidationMode = CodeActionValidationMode.None;
        return Verify.CodeFixAsync(test, ["KC0033", "KC0036"]);
    }

    [Fact]
    public async Task Updating_keeps_the_fields_that_match_their_names_comments_and_the_other_members()
    {
        var written = await FixRunner.ApplyAsync("""
            using System.Runtime.InteropServices;
            using KernelConnector;

            [CStruct("test.h", "t")]
            [StructLayout(LayoutKind.Sequential)]
            public partial struct T
            {
                /// <summary>The process.</summary>
                public int Pid;

                /// <summary>Named otherwise, and read as signed.</summary>
                public int Real;

                public ushort Gap;
                public ushort Gap2;

                public int Twice => Pid * 2;
            }
            """, ("/include/test.h", "#include <linux/types.h>\nstruct t { __kernel_pid_t pid; union { __u32 ruid; __u32 rgid; } r; __u64 stamp; };\n"));

        Assert.Equal("""
            using System.Runtime.InteropServices;
            using KernelConnector;

            [CStruct("test.h", "t")]
            [StructLayout(LayoutKind.Sequential)]
            public partial struct T
            {
                /// <summary>The process.</summary>
                public int Pid;

                /// <summary>Named otherwise, and read as signed.</summary>
                public RealUnion Real;
                /// <summary><c>__u64 stamp</c>.</summary>
                public ulong Stamp;

                public int Twice => Pid * 2;
                /// <summary>The anonymous union of <c>r</c>.</summary>
                [StructLayout(LayoutKind.Explicit, Size = 4)]
                public struct RealUnion
                {
                    /// <summary><c>__u32 ruid</c>.</summary>
                    [FieldOffset(0)]
                    public uint Ruid;
                    /// <summary><c>__u32 rgid</c>.</summary>
                    [FieldOffset(0)]
                    public uint Rgid;
                }
            }
            """.ReplaceLineEndings("\n"), written.ReplaceLineEndings("\n"));
    }

    private sealed class Text(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
