using System.Linq;
using KernelConnector.Generators.CHeaders;
using Xunit;

namespace KernelConnector.Generators.Tests.CHeaders;

/// <summary>What the reader cannot evaluate, it refuses with the reason and the line that shows it.</summary>
public class ReaderRefusalTests
{
    public static TheoryData<string, string, string, int> Refusals => new()
    {
        { "#include <linux/types.h>\n#ifdef __KERNEL__\nstruct s { __u32 a; };\n#endif\n", "s", "under '#ifdef __KERNEL__' (line 2), a preprocessor conditional the reader does not evaluate", 3 },
        { "struct s {\n  int a;\n#if FOO > 1\n  int b;\n#endif\n};\n", "s", "under '#if FOO > 1' (line 3)", 4 },
        { "struct s {\n  int a;\n#ifdef A\n  int b;\n#else\n  long b;\n#endif\n};\n", "s", "under '#ifdef A' (line 3)", 4 },
        { "#define LEN(x) ((x) * 2)\nstruct s { char a[LEN(3)]; };\n", "s", "'LEN' (line 1) is a macro with arguments, which the reader does not evaluate", 2 },
        { "struct s {\n  unsigned a : 3;\n};\n", "s", "'a' is a bit-field, whose layout the reader does not compute", 2 },
        { "#pragma pack(push, 1)\nstruct s { char a; int b; };\n#pragma pack(pop)\n", "s", "'#pragma pack' (line 1) changes the layout, and the reader does not apply it", 2 },
        { "struct s {\n  foo_t a;\n};\n", "s", "'foo_t' is not a type the reader knows: it is not defined in a.h", 2 },
        { "#include <linux/other.h>\nstruct s {\n  char a[OTHER_LEN];\n};\n", "s", "'OTHER_LEN' is not defined in a.h; <linux/other.h> (line 1) may define it, but is not among the AdditionalFiles", 3 },
        { "#include <linux/types.h>\nstruct s {\n  other_t a;\n};\n", "s", "'other_t' is not a type the reader knows: it is not defined in a.h", 3 },
        { "struct s {\n  int a;\n  struct s inner;\n};\n", "s", "struct s contains itself", 1 },
        { "typedef struct t t_t;\nstruct t {\n  t_t x;\n};\n", "t", "struct t contains itself", 2 },
        { "typedef a_t b_t;\ntypedef b_t a_t;\nstruct s { a_t x; };\n", "s", "nested more than 64 deep", 1 },
        { "struct s {\n  char a[99999999999999999999];\n};\n", "s", "'99999999999999999999' is too large for the reader", 2 },
        { "struct s {\n  char a[1L << 40];\n};\n", "s", "'a' has 1099511627776 elements, which is not an array size the reader lays out", 2 },
        { "struct s {\n  char a[1 / 0];\n};\n", "s", "a division by zero", 2 },
        { "struct s {\n  char a[-4];\n};\n", "s", "'a' has -4 elements", 2 },
        { "struct s {\n  char a[0x7fffffffffffffff * 2];\n};\n", "s", "is too large for the reader (64-bit arithmetic)", 2 },
        { "struct s {\n  char a[1 << 70];\n};\n", "s", "a shift by 70 is out of range", 2 },
        { "#define A B\n#define B A\nstruct s {\n  char a[A];\n};\n", "s", "'A' (line 1) expands back to itself, so it has no value", 4 },
        { "#ifdef BIG\n#define LEN 64\n#endif\nstruct s {\n  char a[LEN];\n};\n", "s", "under '#ifdef BIG' (line 1)", 5 },
        { "struct s {\n  char a[LEN];\n};\n#define LEN 4\n", "s", "'LEN' is used before its #define (line 4)", 2 },
        { "struct t;\nstruct s {\n  struct t inner;\n};\n", "s", "struct t is not defined in a.h", 3 },
        { "struct s {\n  int a;\n", "s", "struct s is not closed", 1 },
        { "enum e { A = A + 1 };\nstruct s {\n  char x[A];\n};\n", "s", "the value of 'A' depends on itself", 1 },
        { "struct s {\n  int a __attribute__((aligned(3)));\n};\n", "s", "aligned(3) is not a power of two", 2 },
        { "struct s {\n  char data[];\n  int after;\n};\n", "s", "the flexible array member 'data' must be the last member of a struct", 2 },
        { "struct s { int a; };\nstruct s { long a; };\n", "s", "struct s is defined twice (lines 1 and 2)", 2 },
        { "struct s {\n  void v;\n};\n", "s", "'v' is declared void", 2 },
        { "struct s {\n  int f(void);\n};\n", "s", "'f' is a function, not a member with a layout", 2 },
        { "struct s {\n  int a[2][];\n};\n", "s", "only the first dimension of 'a' may be left empty", 2 },
        { "struct s {\n  char a[\"x\"];\n};\n", "s", "'\"x\"' cannot start an expression", 2 },
        { "struct s {\n  @@@ a;\n};\n", "s", "'@' does not start a member declaration", 2 },
        { "struct s {\n  char a[sizeof x];\n};\n", "s", "'sizeof' of an expression is not evaluated", 2 },
        { "enum e : unsigned char { A };\nstruct s {\n  enum e x;\n};\n", "s", "enum e is not defined in a.h", 3 },
        { "struct s {\n  char data[];\n};\n", "s", "struct s has only a flexible array member", 2 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_struct_the_reader_cannot_evaluate_is_refused_with_the_reason_and_its_line(string header, string name, string reason, int line)
    {
        var file = CHeaderFile.Parse("include/a.h", header);
        var resolution = new CHeaderSet([("include/a.h", () => file)]).Resolve(file, name);

        Assert.Null(resolution.Node);
        Assert.NotNull(resolution.Problem);
        Assert.Contains(reason, resolution.Problem!.Message, System.StringComparison.Ordinal);
        Assert.Equal(line, resolution.Problem.Line);
        Assert.Same(file, resolution.ProblemFile);
    }

    [Fact]
    public void A_struct_the_header_does_not_declare_is_not_found_and_the_ones_it_declares_are_listed()
    {
        var file = CHeaderFile.Parse("a.h", "struct one { int a; };\nstruct two { int b; };\nstruct three;\n");
        var resolution = new CHeaderSet([("a.h", () => file)]).Resolve(file, "four");

        Assert.Null(resolution.Node);
        Assert.Null(resolution.Problem);
        Assert.Equal(["one", "two"], resolution.Known);
    }

    [Fact]
    public void A_bad_declaration_does_not_hide_the_structs_after_it()
    {
        var file = CHeaderFile.Parse("a.h", "struct broken { int a\nstruct;\n int x = ;;\n}}}\n@@ garbage (( ;\nstruct fine { short a; int b; };\n");
        var resolution = new CHeaderSet([("a.h", () => file)]).Resolve(file, "fine");

        Assert.NotNull(resolution.Node);
        Assert.Equal(8, resolution.Node!.Size);
        Assert.Equal([0, 4], resolution.Node.Members.Select(m => m.Offset));
    }

    [Fact]
    public void Names_may_say_struct_or_union_and_a_typedef_of_a_struct_is_found_by_its_name()
    {
        var file = CHeaderFile.Parse("a.h", "union u { int a; long b; };\ntypedef struct { char c; int d; } pair_t;\nstruct s { int x; };\n");
        var set = new CHeaderSet([("a.h", () => file)]);

        Assert.Equal(8, set.Resolve(file, "union u").Node!.Size);
        Assert.Equal(CNodeKind.Union, set.Resolve(file, "u").Node!.Kind);
        Assert.Equal(8, set.Resolve(file, "pair_t").Node!.Size);
        Assert.Null(set.Resolve(file, "union s").Node);
        Assert.Equal(4, set.Resolve(file, "struct s").Node!.Size);
    }
}
