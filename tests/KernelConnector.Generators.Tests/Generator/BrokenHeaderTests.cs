using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.Generators.CHeaders;
using KernelConnector.Generators.Diagnostics;
using KernelConnector.Generators.Tests.CHeaders;
using KernelConnector.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace KernelConnector.Generators.Tests.Generator;

/// <summary>
/// Broken headers, as analyzer inputs: the real connector headers cut short and mutated, and
/// hand-made ones (unbalanced braces, garbage, huge numbers, recursion of every kind, macros that
/// expand without end). Neither the reader nor any analyzer may throw.
/// </summary>
public class BrokenHeaderTests
{
    private const string Messages = """
        using System.Runtime.InteropServices; using KernelConnector;
        [CStruct("h.h", "proc_event")] [StructLayout(LayoutKind.Sequential)] public partial struct A { public uint What; public uint Cpu; public ulong Stamp; }
        [CStruct("h.h", "cn_msg")] [ConnectorMessage(20, 1, MaxTrailingBytes = 8)] [StructLayout(LayoutKind.Sequential)] public partial struct B { public ulong Id; public uint Seq; }
        [CStruct("h.h", "s")] [StructLayout(LayoutKind.Explicit)] public partial struct C { [FieldOffset(0)] public byte X; [FieldOffset(0)] public uint Y; }
        [CStruct("h.h", "dm_ulog_request")] public unsafe partial struct D { public ulong Luid; public fixed byte Uuid[129]; }
        [CStruct("h.h", "struct t")] public partial struct E { public T Inner; } public struct T { public int A; }
        """;

    [Fact]
    public void The_corpus_has_at_least_200_headers() => Assert.True(Broken().Count() >= 200, $"{Broken().Count()} headers");

    public static IEnumerable<TheoryDataRow<string>> Broken()
    {
        string[] handMade =
        [
            "",
            "struct",
            "struct s",
            "struct s {",
            "struct s { int a",
            "struct s { int a; ",
            "struct s { int a; }}}}};;;; struct t { int b; };",
            "}}}}{{{{ struct s { int a; };",
            "struct s { struct s x; };",
            "struct s { struct t x; }; struct t { struct s y; };",
            "typedef struct s s_t; struct s { s_t x; };",
            "typedef a b; typedef b c; typedef c a; struct s { a x; };",
            "#define A A\nstruct s { char x[A]; };",
            "#define A B\n#define B C\n#define C A\nstruct s { char x[A]; };",
            "#define A B B\n#define B C C\n#define C D D\n#define D E E\n#define E F F\n#define F G G\n#define G H H\n#define H I I\n#define I J J\n#define J K K\n#define K L L\n#define L M M\n#define M N N\n#define N O O\n#define O P P\n#define P Q Q\n#define Q R R\n#define R S S\n#define S T T\n#define T U U\n#define U V V\n#define V W W\nstruct s { char x[A]; };",
            "#define X x x x x x x x x x x x x x x x x x x x\n#define x X X X X X X X X X X X X X X X X X X X\nstruct s { X a; };",
            "struct s { char x[99999999999999999999999999999999999]; };",
            "struct s { char x[0x7fffffffffffffff]; long y[0x7fffffffffffffff]; };",
            "struct s { char x[1 << 62]; };",
            "struct s { char x[-9223372036854775807 - 1]; };",
            "struct s { char x[(1 ? 2 : 3) / (4 - 4)]; };",
            "struct s { char x[sizeof(struct s)]; };",
            "struct s { char x[sizeof(struct nope)]; };",
            "struct s { int a __attribute__((aligned(1 << 40))); };",
            "struct s { int a __attribute__((aligned(0))); } __attribute__((aligned(-8)));",
            "struct s { int a __attribute__((((((((aligned(4)))))))); };",
            "struct s { int a __attribute__((; };",
            "struct s { int a : 99; int : 0; };",
            "struct s { char data[]; char more[]; };",
            "union s { char data[]; };",
            "enum e { A = B, B = A }; struct s { char x[A]; };",
            "enum e { A = 0x7fffffffffffffff, B }; struct s { enum e x; };",
            "enum { }; enum e { }; struct s { enum e x; };",
            "struct s { enum nope x; };",
            "struct s { void x; void *y; void (*z)(void); int (*w[4])(int); };",
            "struct s { int a[][]; int b[2][]; };",
            "#if\n#elif\n#else\n#else\n#endif\n#endif\n#endif\nstruct s { int a; };",
            "#ifndef G\n#define G\nstruct s { int a; };",
            "#pragma pack(push, 1)\nstruct s { char a; int b; };",
            "#define\n#define (\n#define 1 2\n#undef\n#include\n#include <\n#include \"\nstruct s { int a; };",
            "#include <h.h>\n#include \"h.h\"\nstruct s { int a; };",
            "/* never ends\nstruct s { int a; };",
            "struct s { char c = 'x; char d = \"y; };",
            "struct s { int \\\na; };\\",
            "\0\0\0struct s\0{ int a; };",
            "@#$%^&*()!~`|\\/?><,.:;'\"[]{}",
            "struct s { __attribute__ int a; };",
            "struct s { int a; } __attribute__((packed)) __attribute__((aligned(2))) __attribute__((aligned)) x, y[3], *z;",
            "extern \"C\" { struct s { int a; }; }",
            "static inline int f(int x) { return x * 2; } struct s { int a; };",
            "int f(struct s { int a; } x); struct s { int b; };",
            "struct s { struct { struct { struct { struct { int deep; }; }; }; }; };",
            "#define LEN(n) (n)\nstruct s { char x[LEN(4)]; char y[LEN]; char z[LEN(]; };",
            "typedef struct { int a; } s; struct s { s inner; };",
            "struct s { __u8 a; __be32 b; __kernel_pid_t c; __nope d; };",
            "struct s { long long long a; unsigned signed b; short long c; };",
            "struct s { int a; int a; };",
            "struct s { int a[sizeof(int) * sizeof(long) * sizeof(long double) * 100000000]; };",
            "#define M(x) x\n#define N M(\nstruct s { char x[N 3)]; };",
            "#define P(",
        ];
        foreach (var header in handMade)
        {
            yield return header;
        }

        yield return string.Concat(Enumerable.Repeat("struct s { ", 2000)) + "int a;" + string.Concat(Enumerable.Repeat("};", 2000));
        yield return "struct s { char x[" + string.Concat(Enumerable.Repeat("(", 5000)) + "1" + string.Concat(Enumerable.Repeat(")", 5000)) + "]; };";
        yield return "struct s { char x[" + string.Join(" + ", Enumerable.Repeat("1", 20000)) + "]; };";
        yield return string.Concat(Enumerable.Range(0, 300).Select(i => $"#define M{i} M{i + 1}\n")) + "struct s { char x[M0]; };";
        yield return string.Concat(Enumerable.Range(0, 300).Select(i => $"typedef t{i + 1} t{i};\n")) + "typedef int t300;\nstruct s { t0 x; };";
        yield return string.Concat(Enumerable.Range(0, 2000).Select(i => "#if X\n")) + "struct s { int a; };";

        // The real headers, cut short and mutated.
        var real = SystemHeaders.Connector.Select(SystemHeaders.Text).Append(SystemHeaders.Text("linux/dm-ioctl.h")).ToArray();
        foreach (var text in real)
        {
            for (var cut = 0; cut < text.Length; cut += Math.Max(1, text.Length / 25))
            {
                yield return text[..cut];
            }
        }

        var random = new Random(20260115);
        const string noise = "{}[]();,#*/\\\"'\n<>=:?-+~!&|^%. _ax0123456789";
        for (var i = 0; i < 120; i++)
        {
            var text = new StringBuilder(real[random.Next(real.Length)]);
            for (var edit = random.Next(1, 6); edit > 0 && text.Length > 0; edit--)
            {
                var at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0:
                        text.Remove(at, Math.Min(text.Length - at, random.Next(1, 40)));
                        break;
                    case 1:
                        text.Insert(at, text.ToString(at, Math.Min(text.Length - at, random.Next(1, 200))));
                        break;
                    default:
                        text.Insert(at, noise[random.Next(noise.Length)]);
                        break;
                }
            }

            yield return text.ToString();
        }
    }

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_header_never_makes_the_reader_throw(string header)
    {
        var file = CHeaderFile.Parse("include/h.h", header);
        var set = new CHeaderSet([("include/h.h", () => file)]);
        foreach (var name in file.RecordsInOrder.Select(r => r.Tag!).Concat(["s", "t", "proc_event", "x", "struct s", "union s", ""]))
        {
            var resolution = set.Resolve(file, name);
            Assert.True(resolution.Node is not null || resolution.Problem is not null || resolution.Known is not null);
        }
    }

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task A_broken_header_never_makes_an_analyzer_throw(string header)
    {
        var exceptions = new ConcurrentQueue<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([new Text("/include/h.h", header)]),
            onAnalyzerException: (exception, _, _) => exceptions.Enqueue(exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        ImmutableArray<DiagnosticAnalyzer> analyzers = [.. Analyzers.RuleCatalogueTests.Analyzers];
        var diagnostics = await TestCompilation.Create(Messages).WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();

        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    private sealed class Text(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
