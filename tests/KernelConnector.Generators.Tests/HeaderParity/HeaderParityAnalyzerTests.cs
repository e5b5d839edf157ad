using System.Threading.Tasks;
using KernelConnector.Generators.Diagnostics;
using KernelConnector.Generators.Tests.Support;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace KernelConnector.Generators.Tests.HeaderParity;

/// <summary>Each header-parity rule, on a small header and the C# struct that mirrors it.</summary>
public class HeaderParityAnalyzerTests
{
    private const string Basic = """
        #include <linux/types.h>
        struct s {
                __u32 a;
                __s16 b;
                __u8 c;
                __u8 d;
                char name[8];
        };
        """;

    private static Task Check(string source, string header, params string[] ids) => ParityVerify.AnalyzerAsync(source, header, ids);

    [Fact]
    public Task A_struct_that_matches_gets_no_diagnostic() => Check("""
        [CStruct("test.h", "s")]
        [ConnectorMessage(20, 1)]
        [StructLayout(LayoutKind.Sequential)]
        public unsafe partial struct S { public uint A; public short B; public byte C; public byte D; public fixed sbyte Name[8]; }
        """, Basic, Verify.AllIds);

    [Fact]
    public Task Names_are_matched_ignoring_case_and_underscores_and_fields_may_be_named_otherwise_where_offsets_agree() => Check("""
        [CStruct("test.h", "s")]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct S { public uint First; public short Second; public byte Third; public byte Fourth; public Name8 Name; }
        [InlineArray(8)] public struct Name8 { private byte _e; }
        """, Basic, Verify.AllIds);

    [Fact]
    public Task KC0030_header_not_among_the_additional_files() => ParityVerify.AnalyzerAsync(
        [ParityVerify.Usings + "[{|#0:CStruct(\"linux/missing.h\", \"s\")|}] public partial struct S { public uint A; }"],
        [("/include/test.h", Basic)], ["KC0030"],
        new DiagnosticResult(Descriptors.HeaderNotFound).WithLocation(0)
            .WithArguments("S", "linux/missing.h", "is not among the project's AdditionalFiles: add <AdditionalFiles Include=\"path/to/linux/missing.h\" />"));

    [Fact]
    public Task KC0030_header_that_matches_several_files() => ParityVerify.AnalyzerAsync(
        [ParityVerify.Usings + "[{|#0:CStruct(\"test.h\", \"s\")|}] public partial struct S { public uint A; }"],
        [("/a/test.h", Basic), ("/b/test.h", Basic)], ["KC0030"],
        new DiagnosticResult(Descriptors.HeaderNotFound).WithLocation(0)
            .WithArguments("S", "test.h", "matches several AdditionalFiles (/a/test.h, /b/test.h): name it by more of its path"));

    [Fact]
    public Task A_longer_path_picks_one_of_several_headers_of_one_name() => ParityVerify.AnalyzerAsync(
        [ParityVerify.Usings + "[CStruct(\"b/test.h\", \"t\")] [StructLayout(LayoutKind.Sequential)] public partial struct T { public ulong A; }"],
        [("/a/test.h", Basic), ("/b/test.h", "struct t { unsigned long a; };")], Verify.AllIds);

    [Fact]
    public Task KC0031_names_the_structs_the_header_declares() => ParityVerify.AnalyzerAsync(
        [ParityVerify.Usings + "[{|#0:CStruct(\"test.h\", \"missing\")|}] public partial struct S { public uint A; }"],
        [("/include/test.h", Basic + "\nstruct other { int x; };\n")], ["KC0031"],
        new DiagnosticResult(Descriptors.CStructNotFound).WithLocation(0).WithArguments("S", "missing", "test.h", " (it declares s, other)"));

    [Fact]
    public Task KC0032_struct_under_a_preprocessor_conditional() => ParityVerify.AnalyzerAsync(
        [ParityVerify.Usings + "[{|#0:CStruct(\"test.h\", \"s\")|}] public partial struct S { public uint A; }"],
        [("/include/test.h", "#ifdef __KERNEL__\nstruct s {\n  int a;\n};\n#endif\n")], ["KC0032"],
        new DiagnosticResult(Descriptors.HeaderNotEvaluated).WithLocation(0).WithLocation("/include/test.h", 2, 1)
            .WithArguments("s", "test.h:2 `struct s {`", "struct s cannot be read: it is under '#ifdef __KERNEL__' (line 1), a preprocessor conditional the reader does not evaluate"));

    [Fact]
    public Task KC0032_size_from_a_macro_with_arguments() => Check("""
        [{|KC0032:CStruct("test.h", "s")|}] public partial struct S { public uint A; }
        """, "#define LEN(n) ((n) * 4)\nstruct s { char a[LEN(2)]; };\n", "KC0032");

    [Fact]
    public Task KC0033_size_and_KC0042_alignment_of_a_packed_copy_of_a_padded_struct() => ParityVerify.AnalyzerAsync(
        [ParityVerify.Usings + """
            [CStruct("test.h", "t")]
            [StructLayout(LayoutKind.Sequential, Pack = 1)]
            public partial struct {|#0:T|} { public uint A; public byte B; }
            """],
        [("/include/test.h", "#include <linux/types.h>\nstruct t {\n  __u32 a;\n  __u8 b;\n};\n")], ["KC0033", "KC0042"],
        new DiagnosticResult(Descriptors.CSizeMismatch).WithLocation(0).WithLocation("/include/test.h", 2, 1)
            .WithArguments("T", "5", "struct t", "8", "test.h:2 `struct t {`"),
        new DiagnosticResult(Descriptors.CAlignmentMismatch).WithLocation(0).WithLocation("/include/test.h", 2, 1)
            .WithArguments("T", "1", "struct t", "4", "test.h:2 `struct t {`"));

    [Fact]
    public Task A_message_without_fields_is_as_big_as_GNU_Cs_empty_struct() => Check("""
        [CStruct("test.h", "empty")]
        [ConnectorMessage(20, 1)]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct Empty { }
        """, "struct empty {};\n", Verify.AllIds);

    [Fact]
    public Task KC0033_and_KC0035_an_empty_struct_as_a_field_takes_a_byte_in_CSharp_and_none_in_GNU_C() => ParityVerify.AnalyzerAsync(
        [ParityVerify.Usings + """
            [CStruct("test.h", "outer")]
            [ConnectorMessage(20, 1)]
            [StructLayout(LayoutKind.Sequential)]
            public partial struct {|#0:Outer|} { public uint A; public Inner {|#1:I|}; }
            [StructLayout(LayoutKind.Sequential)] public struct Inner { }
            """],
        [("/include/test.h", "#include <linux/types.h>\nstruct inner {};\nstruct outer {\n  __u32 a;\n  struct inner i;\n};\n")], ["KC0033", "KC0035"],
        new DiagnosticResult(Descriptors.CSizeMismatch).WithLocation(0).WithLocation("/include/test.h", 3, 1)
            .WithArguments("Outer", "8", "struct outer", "4", "test.h:3 `struct outer {`"),
        new DiagnosticResult(Descriptors.CFieldSizeMismatch).WithLocation(1).WithLocation("/include/test.h", 5, 1)
            .WithArguments("I", "Inner", "1", "i", "struct inner", "0", "test.h:5 `struct inner i;`"));

    [Fact]
    public Task KC0034_field_at_another_offset() => ParityVerify.AnalyzerAsync(
        [ParityVerify.Usings + """
            [CStruct("test.h", "t")]
            [StructLayout(LayoutKind.Explicit, Size = 8)]
            public partial struct T { [FieldOffset(0)] public byte A; [FieldOffset(2)] public ushort {|#0:B|}; [FieldOffset(4)] public uint C; }
            """],
        [("/include/test.h", "struct t {\n  unsigned char a;\n  unsigned short b __attribute__((aligned(4)));\n};\n")], ["KC0034"],
        new DiagnosticResult(Descriptors.COffsetMismatch).WithLocation(0).WithLocation("/include/test.h", 3, 1)
            .WithArguments("B", "2", "b", "4", "test.h:3 `unsigned short b __attribute__((aligned(4)));`"));

    [Fact]
    public Task KC0035_field_narrower_than_its_C_member() => ParityVerify.AnalyzerAsync(
        [ParityVerify.Usings + """
            [CStruct("test.h", "t")]
            [StructLayout(LayoutKind.Sequential)]
            public partial struct T { public ushort {|#0:A|}; public ushort Pad; public uint B; }
            """],
        [("/include/test.h", "#include <linux/types.h>\nstruct t {\n  __u32 a;\n  __u32 b;\n};\n")], ["KC0035"],
        new DiagnosticResult(Descriptors.CFieldSizeMismatch).WithLocation(0).WithLocation("/include/test.h", 3, 1)
            .WithArguments("A", "ushort", "2", "a", "__u32", "4", "test.h:3 `__u32 a;`"));

    [Fact]
    public Task KC0036_signedness_and_plain_char_read_either_way() => ParityVerify.AnalyzerAsync(
        [ParityVerify.Usings + """
            [CStruct("test.h", "t")]
            [StructLayout(LayoutKind.Sequential)]
            public partial struct T { public uint {|#0:Pid|}; public sbyte C; public byte D; public byte E; public sbyte F; public int {|#1:Flags|}; }
            """],
        [("/include/test.h", "#include <linux/types.h>\nstruct t {\n  __kernel_pid_t pid;\n  char c, d;\n  unsigned char e;\n  signed char f;\n  __u32 flags;\n};\n")],
        ["KC0036"],
        new DiagnosticResult(Descriptors.CSignednessMismatch).WithLocation(0).WithLocation("/include/test.h", 3, 1)
            .WithArguments("Pid", "uint", "unsigned", "pid", "__kernel_pid_t", "signed", "test.h:3 `__kernel_pid_t pid;`"),
        new DiagnosticResult(Descriptors.CSignednessMismatch).WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("Flags", "int", "signed", "flags", "__u32", "unsigned", "test.h:7 `__u32 flags;`"));

    [Fact]
    public Task KC0036_not_where_the_signed_C_member_is_unsigned_C_sharp_f_s_byte_for_signed_char() => Check("""
        [CStruct("test.h", "t")]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct T { public byte {|KC0036:F|}; }
        """, "struct t { signed char f; };", "KC0036");

    [Fact]
    public Task KC0037_array_of_another_length_sized_by_a_define() => ParityVerify.AnalyzerAsync(
        [ParityVerify.Usings + """
            [CStruct("test.h", "t")]
            [StructLayout(LayoutKind.Sequential)]
            public unsafe partial struct T { public uint A; public fixed byte {|#0:Name|}[12]; }
            """],
        [("/include/test.h", "#include <linux/types.h>\n#define NAME_LEN (4 * 4)\nstruct t {\n  __u32 a;\n  char name[NAME_LEN];\n};\n")], ["KC0037"],
        new DiagnosticResult(Descriptors.CArrayLengthMismatch).WithLocation(0).WithLocation("/include/test.h", 5, 1)
            .WithArguments("Name", "12", "1", "name", "char[16]", "16", "1", "test.h:5 `char name[NAME_LEN];`"));

    [Fact]
    public Task KC0037_element_size_of_an_array() => Check("""
        [CStruct("test.h", "t")]
        [StructLayout(LayoutKind.Sequential)]
        public unsafe partial struct T { public fixed byte {|KC0037:Items|}[16]; }
        """, "#include <linux/types.h>\nstruct t { __u32 items[4]; };", "KC0037");

    [Fact]
    public Task Multidimensional_arrays_match_a_flat_buffer_of_as_many_elements() => Check("""
        [CStruct("test.h", "t")]
        [StructLayout(LayoutKind.Sequential)]
        public unsafe partial struct T { public fixed ushort Grid[6]; }
        """, "#include <linux/types.h>\nstruct t { __u16 grid[2][3]; };", Verify.AllIds);

    [Fact]
    public Task KC0038_C_member_without_a_field() => ParityVerify.AnalyzerAsync(
        [ParityVerify.Usings + """
            [CStruct("test.h", "t")]
            [StructLayout(LayoutKind.Sequential)]
            public partial struct {|#0:T|} { public uint A; }
            """],
        [("/include/test.h", "#include <linux/types.h>\nstruct t {\n  __u32 a;\n  __u32 b;\n};\n")], ["KC0038"],
        new DiagnosticResult(Descriptors.CMemberMissing).WithLocation(0).WithLocation("/include/test.h", 4, 1)
            .WithArguments("T", "b", "__u32", "4", "4", "test.h:4 `__u32 b;`"));

    [Fact]
    public Task KC0038_in_a_nested_struct_sits_on_the_field_that_holds_it() => ParityVerify.AnalyzerAsync(
        [ParityVerify.Usings + """
            [CStruct("test.h", "t")]
            [StructLayout(LayoutKind.Sequential)]
            public partial struct T { public uint A; public Id {|#0:Id|}; }
            [StructLayout(LayoutKind.Sequential)] public struct Id { public uint Idx; }
            """],
        [("/include/test.h", "#include <linux/types.h>\nstruct cb_id { __u32 idx; __u32 val; };\nstruct t {\n  __u32 a;\n  struct cb_id id;\n};\n")],
        ["KC0038"],
        new DiagnosticResult(Descriptors.CMemberMissing).WithLocation(0).WithLocation("/include/test.h", 2, 1)
            .WithArguments("Id", "val", "__u32", "4", "4", "test.h:2 `struct cb_id { __u32 idx; __u32 val; };`"));

    [Fact]
    public Task KC0039_field_past_the_C_struct() => ParityVerify.AnalyzerAsync(
        [ParityVerify.Usings + """
            [CStruct("test.h", "t")]
            [StructLayout(LayoutKind.Sequential)]
            public partial struct T { public uint A; public uint {|#0:Extra|}; }
            """],
        [("/include/test.h", "#include <linux/types.h>\nstruct t {\n  __u32 a;\n};\n")], ["KC0039"],
        new DiagnosticResult(Descriptors.CExtraField).WithLocation(0).WithLocation("/include/test.h", 2, 1)
            .WithArguments("Extra", "4", "4", "struct t", "it ends at byte 8, past the C struct's 4 bytes", "test.h:2 `struct t {`"));

    [Fact]
    public Task Fields_that_declare_Cs_padding_are_accepted() => Check("""
        [CStruct("test.h", "t")]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct T { public byte A; public byte Pad1; public ushort Pad2; public uint B; public byte C; public byte Pad3; public ushort Pad4; }
        """, "#include <linux/types.h>\nstruct t { __u8 a; __u32 b; __u8 c; };", Verify.AllIds);

    [Fact]
    public Task KC0040_a_number_where_C_has_a_struct() => ParityVerify.AnalyzerAsync(
        [ParityVerify.Usings + """
            [CStruct("test.h", "t")]
            [StructLayout(LayoutKind.Sequential)]
            public partial struct T { public ulong {|#0:Id|}; }
            """],
        [("/include/test.h", "#include <linux/types.h>\nstruct cb_id { __u32 idx; __u32 val; };\nstruct t {\n  struct cb_id id;\n};\n")], ["KC0040"],
        new DiagnosticResult(Descriptors.CShapeMismatch).WithLocation(0).WithLocation("/include/test.h", 4, 1)
            .WithArguments("Id", "an integer (ulong)", "id", "a struct (struct cb_id)", "test.h:4 `struct cb_id id;`"));

    [Fact]
    public Task KC0040_floating_point_for_an_integer_and_an_array_for_a_number() => Check("""
        [CStruct("test.h", "t")]
        [StructLayout(LayoutKind.Sequential)]
        public unsafe partial struct T { public float {|KC0040:A|}; public fixed byte {|KC0040:B|}[4]; }
        """, "#include <linux/types.h>\nstruct t { __u32 a; __u32 b; };", "KC0040");

    [Fact]
    public Task A_number_may_stand_for_a_union_of_numbers() => Check("""
        [CStruct("test.h", "t")]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct T { public int Pid; public uint Real; }

        [CStruct("test.h", "t")]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct ByName { public int Pid; public uint R; }
        """, "#include <linux/types.h>\nstruct t { __kernel_pid_t pid; union { __u32 ruid; __u32 rgid; } r; };", Verify.AllIds);

    [Fact]
    public Task A_union_mirrored_nested_or_flattened() => Check("""
        [CStruct("test.h", "t")]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct T { public uint Kind; public Data Data; }
        [StructLayout(LayoutKind.Explicit)] public struct Data { [FieldOffset(0)] public ulong Whole; [FieldOffset(0)] public Halves Halves; }
        [StructLayout(LayoutKind.Sequential)] public struct Halves { public uint Lo; public uint Hi; }

        [CStruct("test.h", "t")]
        [StructLayout(LayoutKind.Explicit)]
        public partial struct Flat { [FieldOffset(0)] public uint Kind; [FieldOffset(8)] public ulong Whole; [FieldOffset(8)] public uint Lo; [FieldOffset(12)] public uint Hi; }
        """, "#include <linux/types.h>\nstruct t { __u32 kind; union { __u64 whole; struct { __u32 lo, hi; } halves; } data; };", Verify.AllIds);

    [Fact]
    public Task Anonymous_members_count_as_members_of_the_struct_around_them() => Check("""
        [CStruct("test.h", "t")]
        [StructLayout(LayoutKind.Explicit, Size = 8)]
        public partial struct T { [FieldOffset(0)] public uint Kind; [FieldOffset(4)] public ushort Lo; [FieldOffset(6)] public ushort Hi; [FieldOffset(4)] public uint Whole; }
        """, "#include <linux/types.h>\nstruct t { __u32 kind; union { struct { __u16 lo, hi; }; __u32 whole; }; };", Verify.AllIds);

    [Fact]
    public Task KC0041_flexible_array_member_without_trailing_bytes() => ParityVerify.AnalyzerAsync(
        [ParityVerify.Usings + """
            [CStruct("test.h", "msg")]
            [ConnectorMessage(20, 1)]
            [StructLayout(LayoutKind.Sequential)]
            public partial struct {|#0:Msg|} { public ushort Len; public ushort Flags; }
            """],
        [("/include/test.h", "#include <linux/types.h>\nstruct msg {\n  __u16 len;\n  __u16 flags;\n  __u8 data[];\n};\n")], ["KC0041"],
        new DiagnosticResult(Descriptors.CFlexibleArrayMismatch).WithLocation(0).WithLocation("/include/test.h", 5, 1)
            .WithArguments("Msg", "declares no trailing bytes (MaxTrailingBytes = 0)", "struct msg", "data", "test.h:5 `__u8 data[];`"));

    [Fact]
    public Task KC0041_trailing_bytes_that_are_not_whole_elements() => Check("""
        [CStruct("test.h", "msg")]
        [ConnectorMessage(20, 1, MaxTrailingBytes = 6)]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct {|KC0041:Msg|} { public uint Count; }
        """, "#include <linux/types.h>\nstruct msg { __u32 count; __u32 items[]; };", "KC0041");

    [Fact]
    public Task KC0041_flexible_array_member_inside_the_tail_padding() => ParityVerify.AnalyzerAsync(
        [ParityVerify.Usings + """
            [CStruct("test.h", "msg")]
            [ConnectorMessage(20, 1, MaxTrailingBytes = 64)]
            [StructLayout(LayoutKind.Sequential)]
            public partial struct {|#0:Msg|} { public ulong Stamp; public byte Kind; public byte P1; public ushort P2; public uint P3; }
            """],
        [("/include/test.h", "#include <linux/types.h>\nstruct msg {\n  __u64 stamp;\n  __u8 kind;\n  __u8 data[];\n};\n")], ["KC0041"],
        new DiagnosticResult(Descriptors.CFlexibleArrayMismatch).WithLocation(0).WithLocation("/include/test.h", 5, 1)
            .WithArguments("Msg", "has its trailing bytes start at offset 16, its size", "struct msg", "data' at offset '9", "test.h:5 `__u8 data[];`"));

    [Fact]
    public Task The_flexible_array_member_of_a_struct_that_is_not_a_message_is_not_checked() => Check("""
        [CStruct("test.h", "msg")]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct Msg { public ushort Len; public ushort Flags; }
        """, "#include <linux/types.h>\nstruct msg { __u16 len; __u16 flags; __u8 data[]; };", Verify.AllIds);

    [Fact]
    public Task KC0042_packed_C_struct_and_a_natural_CSharp_one() => Check("""
        [CStruct("test.h", "t")]
        [StructLayout(LayoutKind.Explicit, Size = 8)]
        public partial struct {|KC0042:T|} { [FieldOffset(0)] public uint A; [FieldOffset(4)] public uint B; }

        [CStruct("test.h", "t")]
        [StructLayout(LayoutKind.Sequential, Pack = 1)]
        public partial struct Packed { public uint A; public uint B; }
        """, "#include <linux/types.h>\nstruct t { __u32 a; __u32 b; } __attribute__((packed));", "KC0042");

    [Fact]
    public Task The_struct_may_be_named_by_a_typedef_and_the_header_by_more_of_its_path() => ParityVerify.AnalyzerAsync(
        [ParityVerify.Usings + "[CStruct(\"uapi/linux/test.h\", \"pair_t\")] [StructLayout(LayoutKind.Sequential)] public partial struct P { public ushort A; public ushort B; }"],
        [("/src/include/uapi/linux/test.h", "#include <linux/types.h>\ntypedef struct { __u16 a, b; } pair_t;\n")], Verify.AllIds);

    [Fact]
    public Task A_struct_from_an_included_header_is_found_and_its_sizes_come_from_there() => ParityVerify.AnalyzerAsync(
        [ParityVerify.Usings + "[CStruct(\"linux/outer.h\", \"outer\")] [StructLayout(LayoutKind.Sequential)] public unsafe partial struct O { public Inner In; public fixed byte Tag[8]; } [StructLayout(LayoutKind.Sequential)] public struct Inner { public uint A; }"],
        [
            ("/inc/linux/outer.h", "#include <linux/inner.h>\nstruct outer { struct inner in; char tag[TAG_LEN]; };\n"),
            ("/inc/linux/inner.h", "#define TAG_LEN 8\nstruct inner { unsigned int a; };\n"),
        ],
        Verify.AllIds);
}
