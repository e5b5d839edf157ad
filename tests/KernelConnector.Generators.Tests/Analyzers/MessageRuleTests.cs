using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Generators.Diagnostics;
using KernelConnector.Generators.Tests.Support;
using KernelConnector.Generators.Validation;
using Xunit;

namespace KernelConnector.Generators.Tests.Analyzers;

public class MessageRuleTests
{
    private const string Usings = "using System; using System.Runtime.InteropServices; using KernelConnector;\n";

    private static Task Check(string source, params string[] ids) =>
        Verify.AnalyzersAsync(Usings + source, ids);

    [Fact]
    public Task KC0002_payload_over_the_kernel_limit() => Check("""
        [ConnectorMessage(20, 1, MaxTrailingBytes = 16000)]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct {|KC0002:Big|} { public ulong A; public ulong B; public Block Data; }
        [System.Runtime.CompilerServices.InlineArray(100)] public struct Block { private ulong _e; }
        """, "KC0002");

    [Fact]
    public Task KC0002_silent_at_the_limit() => Check("""
        [ConnectorMessage(20, 1, MaxTrailingBytes = 16356)]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct AtLimit { public ulong A; }
        """, "KC0002");

    [Fact]
    public Task KC0002_over_what_a_u16_can_say() => Check("""
        [ConnectorMessage(20, 1)]
        [StructLayout(LayoutKind.Sequential)]
        public unsafe partial struct {|KC0002:Enormous|} { public fixed byte Data[70000]; }
        """, "KC0002");

    [Fact]
    public Task KC0002_counts_a_message_without_fields_as_0_fixed_bytes() => Verify.AnalyzerAsync<MessageArgumentAnalyzer>(Usings + """
        [ConnectorMessage(20, 1, MaxTrailingBytes = 16364)] [StructLayout(LayoutKind.Sequential)] public partial struct AtLimit { }
        [ConnectorMessage(20, 2, MaxTrailingBytes = 16365)] [StructLayout(LayoutKind.Sequential)] public partial struct {|#0:OverLimit|} { }
        [ConnectorMessage(20, 3, MaxTrailingBytes = 16357)] [StructLayout(LayoutKind.Sequential, Size = 8)] public partial struct {|#1:Sized|} { }
        """, ["KC0002"], null,
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.PayloadTooLarge).WithLocation(0)
            .WithArguments("OverLimit", 16365L, 0, 16365, 16364, "CONNECTOR_MAX_MSG_SIZE 16384 minus the 20-byte cn_msg"),
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.PayloadTooLarge).WithLocation(1)
            .WithArguments("Sized", 16365L, 8, 16357, 16364, "CONNECTOR_MAX_MSG_SIZE 16384 minus the 20-byte cn_msg"));

    [Fact]
    public Task KC0003_not_partial() => Check("""
        [ConnectorMessage(20, 1)] [StructLayout(LayoutKind.Sequential)] public struct {|KC0003:Probe|} { public uint A; }
        [ConnectorMessage(20, 2)] [StructLayout(LayoutKind.Sequential)] public partial struct Fine { public uint A; }
        """, "KC0003");

    [Fact]
    public Task KC0004_containing_type_not_partial() => Check("""
        public class Outer
        {
            [ConnectorMessage(20, 1)] [StructLayout(LayoutKind.Sequential)] public partial struct {|KC0004:Probe|} { public uint A; }
        }
        public partial class Fine
        {
            [ConnectorMessage(20, 2)] [StructLayout(LayoutKind.Sequential)] public partial struct Probe { public uint A; }
        }
        """, "KC0004");

    [Fact]
    public Task KC0005_fields_without_fixed_layout_at_any_depth() => Check("""
        [ConnectorMessage(20, 1)] [StructLayout(LayoutKind.Sequential)] public partial struct A { public string {|KC0005:Name|}; }
        [ConnectorMessage(20, 2)] [StructLayout(LayoutKind.Sequential)] public partial struct B { public DateTime {|KC0005:When|}; }
        [ConnectorMessage(20, 3)] [StructLayout(LayoutKind.Sequential)] public partial struct C { public Inner {|KC0005:Inner|}; }
        [ConnectorMessage(20, 4)] [StructLayout(LayoutKind.Sequential)] public partial struct D { public (int, int) {|KC0005:Pair|}; }
        [ConnectorMessage(20, 5)] [StructLayout(LayoutKind.Sequential)] public partial struct E { public decimal {|KC0005:Money|}; }
        [ConnectorMessage(20, 6)] [StructLayout(LayoutKind.Sequential)] public partial struct F { public int[] {|KC0005:Values|}; }
        [ConnectorMessage(20, 7)] [StructLayout(LayoutKind.Sequential)] public partial struct Fine { public Plain Inner; public long Stamp; }
        public struct Inner { public int X; public Deeper Deeper; }
        public struct Deeper { public object Reference; }
        public struct Plain { public int X; public int Y; }
        """, "KC0005");

    [Fact]
    public Task KC0006_char_and_KC0007_bool() => Check("""
        [ConnectorMessage(20, 1)]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct Probe { public char {|KC0006:Letter|}; public bool {|KC0007:Ready|}; public byte Fine; public byte Pad; }
        """, "KC0006", "KC0007");

    [Fact]
    public Task KC0008_implicit_padding_after_which_field_and_how_many_bytes() => Verify.AnalyzerAsync<MessagePaddingAnalyzer>(Usings + """
        [ConnectorMessage(20, 1)]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct Probe { public byte {|#0:Kind|}; public uint Value; public ushort {|#1:Port|}; }
        [ConnectorMessage(20, 2)]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct Fine { public byte Kind; public byte Pad0; public ushort Pad1; public uint Value; }
        [ConnectorMessage(20, 3)]
        [StructLayout(LayoutKind.Sequential, Pack = 1)]
        public partial struct Packed { public byte Kind; public uint Value; }
        """, ["KC0008"], null,
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.ImplicitPadding).WithLocation(0).WithArguments(3, "after 'Kind'", "Probe", 1),
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.ImplicitPadding).WithLocation(1).WithArguments(2, "after 'Port'", "Probe", 10));

    [Fact]
    public Task KC0026_pointers_function_pointers_and_pointer_sized_integers_at_any_depth() => Verify.AnalyzerAsync<MessageLayoutAnalyzer>(Usings + """
        [ConnectorMessage(20, 1)]
        [StructLayout(LayoutKind.Sequential)]
        public unsafe partial struct Addresses
        {
            public byte* {|#0:Bytes|};
            public int* {|#1:Ints|};
            public void* {|#2:Anything|};
            public delegate* unmanaged<void> {|#3:Callback|};
            public nint {|#4:Signed|};
            public nuint {|#5:Unsigned|};
            public IntPtr {|#6:Handle|};
            public UIntPtr {|#7:Cookie|};
            public Inner {|#8:Nested|};
            public Handles {|#9:Many|};
            public nint {|#10:Token|} { get; set; }
            public fixed byte Name[16];
            public ulong Fine;
            public Plain AlsoFine;
        }
        public unsafe struct Inner { public uint Kind; public Deeper Deeper; }
        public unsafe struct Deeper { public void* Where; }
        [System.Runtime.CompilerServices.InlineArray(2)] public struct Handles { private nuint _element; }
        public struct Plain { public long A; public ulong B; }
        """, ["KC0026"], null,
        Address(0, "Bytes", "a pointer", "byte*", "ulong"),
        Address(1, "Ints", "a pointer", "int*", "ulong"),
        Address(2, "Anything", "a pointer", "void*", "ulong"),
        Address(3, "Callback", "a function pointer", "delegate* unmanaged<void>", "ulong"),
        Address(4, "Signed", "a pointer-sized integer", "nint", "long"),
        Address(5, "Unsigned", "a pointer-sized integer", "nuint", "ulong"),
        Address(6, "Handle", "a pointer-sized integer", "IntPtr", "long"),
        Address(7, "Cookie", "a pointer-sized integer", "UIntPtr", "ulong"),
        Address(8, "Nested.Deeper.Where", "a pointer", "void*", "ulong"),
        Address(9, "Many._element", "a pointer-sized integer", "nuint", "ulong"),
        Address(10, "Token", "a pointer-sized integer", "nint", "long"));

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Address(int location, string path, string kind, string type, string instead) =>
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.AddressField).WithLocation(location).WithArguments(path, kind, type, instead)
            .WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Error);

    [Fact]
    public Task KC0027_fields_of_an_empty_struct_at_any_depth() => Verify.AnalyzerAsync<MessageLayoutAnalyzer>(Usings + """
        [ConnectorMessage(20, 1)]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct Probe
        {
            public Marker {|#0:Direct|};
            public uint After;
            public Outer {|#1:Nested|};
            public Wrap<Marker> {|#2:Wrapped|};
            public Tag<int> {|#3:Instantiated|};
            public StaticOnly {|#4:Statics|};
            public Marker {|#5:Property|} { get; set; }
            public ValueTuple {|#6:Nothing|};
            public System.Runtime.CompilerServices.YieldAwaitable {|#7:FromMetadata|};
            public Markers {|#8:Many|};
            public Record {|#9:Positional|};
            public Marker {|#10:First|}, {|#11:Second|};
            public Sized OneByteMeant;
            public Plain Fine;
            public Kind Enum;
            public Bytes Inline;
            public Wrap<uint> Closed;
        }

        [ConnectorMessage(20, 2)] [StructLayout(LayoutKind.Sequential)] public partial struct Bell { }
        [ConnectorMessage(20, 3)] [StructLayout(LayoutKind.Sequential)] public partial struct Counted { public static int Sent; public const int Max = 1; }

        public struct Marker { }
        public struct Outer { public uint X; public Deeper Deeper; }
        public struct Deeper { public byte Y; public Marker Here; }
        public struct Wrap<T> { public T Value; }
        public struct Tag<T> { }
        public struct StaticOnly { public static int Count; public const int Max = 1; }
        [System.Runtime.CompilerServices.InlineArray(2)] public struct Markers { private Marker _element; }
        public record struct Record();
        [StructLayout(LayoutKind.Sequential, Size = 1)] public struct Sized { }
        public struct Plain { public uint A; }
        public enum Kind : byte { A }
        [System.Runtime.CompilerServices.InlineArray(4)] public struct Bytes { private byte _element; }
        """, ["KC0027"], null,
        Empty(0, "Direct", "Marker"),
        Empty(1, "Nested.Deeper.Here", "Marker"),
        Empty(2, "Wrapped.Value", "Marker"),
        Empty(3, "Instantiated", "Tag<int>"),
        Empty(4, "Statics", "StaticOnly"),
        Empty(5, "Property", "Marker"),
        Empty(6, "Nothing", "ValueTuple"),
        Empty(7, "FromMetadata", "YieldAwaitable"),
        Empty(8, "Many._element", "Marker"),
        Empty(9, "Positional", "Record"),
        Empty(10, "First", "Marker"),
        Empty(11, "Second", "Marker"));

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Empty(int location, string path, string type) =>
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.EmptyStructField).WithLocation(location).WithArguments(path, type)
            .WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning);

    [Fact]
    public Task KC0009_auto_layout_and_KC0010_unstated_layout() => Check("""
        [ConnectorMessage(20, 1)] [StructLayout(LayoutKind.Auto)] public partial struct {|KC0009:Auto|} { public uint A; }
        [ConnectorMessage(20, 2)] public partial struct {|KC0010:Unstated|} { public uint A; }
        [ConnectorMessage(20, 3)] [StructLayout(LayoutKind.Sequential)] public partial struct Stated { public uint A; }
        """, "KC0009", "KC0010");

    [Fact]
    public Task KC0011_groups_Linux_cannot_join() => Check("""
        [ConnectorMessage(40, 1)] [StructLayout(LayoutKind.Sequential)] public partial struct {|KC0011:DefaultGroupTooHigh|} { public uint A; }
        [ConnectorMessage(20, 2, Group = 0)] [StructLayout(LayoutKind.Sequential)] public partial struct {|KC0011:GroupZero|} { public uint A; }
        [ConnectorMessage(40, 3, Group = 7)] [StructLayout(LayoutKind.Sequential)] public partial struct ExplicitGroup { public uint A; }
        [ConnectorMessage(40, 4, UnicastOnly = true)] [StructLayout(LayoutKind.Sequential)] public partial struct Unicast { public uint A; }
        [ConnectorMessage(32, 5)] [StructLayout(LayoutKind.Sequential)] public partial struct Highest { public uint A; }
        """, "KC0011");

    [Fact]
    public Task KC0010_an_unstated_layout_is_a_warning_by_default() => Verify.AnalyzerAsync<MessageLayoutAnalyzer>(Usings + """
        [ConnectorMessage(20, 1)] public partial struct {|#0:Unstated|} { public uint A; }
        """, ["KC0010"], null,
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.MissingStructLayout).WithLocation(0).WithArguments("Unstated").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));

    [Fact]
    public Task KC0007_a_bool_field_is_a_warning_by_default() => Verify.AnalyzerAsync<MessageLayoutAnalyzer>(Usings + """
        [ConnectorMessage(20, 1)] [StructLayout(LayoutKind.Sequential)] public partial struct Probe { public bool {|#0:Ready|}; }
        """, ["KC0007"], null,
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.BoolField).WithLocation(0).WithArguments("Ready").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));

    [Fact]
    public Task KC0010_severity_can_be_lowered_in_editorconfig() => Verify.AnalyzerAsync<MessageLayoutAnalyzer>(Usings + """
        [ConnectorMessage(20, 1)] public partial struct {|#0:Unstated|} { public bool {|#1:Ready|}; }
        """, ["KC0007", "KC0010"], "root = true\n[*.cs]\ndotnet_diagnostic.KC0010.severity = suggestion\ndotnet_diagnostic.KC0007.severity = silent\n",
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.MissingStructLayout).WithLocation(0).WithArguments("Unstated").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info),
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.BoolField).WithLocation(1).WithArguments("Ready").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Hidden));

    [Fact]
    public Task KC0020_negative_MaxTrailingBytes() => Verify.AnalyzerAsync<MessageArgumentAnalyzer>(Usings + """
        [ConnectorMessage(20, 1, MaxTrailingBytes = -5)] [StructLayout(LayoutKind.Sequential)] public partial struct {|#0:Negative|} { public uint A; }
        [ConnectorMessage(20, 2, MaxTrailingBytes = 0)] [StructLayout(LayoutKind.Sequential)] public partial struct Zero { public uint A; }
        [ConnectorMessage(20, 3)] [StructLayout(LayoutKind.Sequential)] public partial struct Unset { public uint A; }
        """, ["KC0002", "KC0020"], null,
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.NegativeTrailingBytes).WithLocation(0).WithArguments("Negative", "-5"));

    [Fact]
    public Task KC0020_and_every_rule_about_the_whole_struct_are_on_the_name_of_the_declaration_with_the_attribute() => Verify.AnalyzersAsync(Usings + """
        public partial struct Split { public uint A; }
        [ConnectorMessage(20, 1, MaxTrailingBytes = -5)]
        public partial struct {|#0:Split|} { public uint B; }
        public partial struct Split { public uint C; }
        public partial struct Wide { public uint A; }
        [ConnectorMessage(40, 2, MaxTrailingBytes = 20000)]
        public partial struct {|#2:Wide|} { public uint B; }
        """, ["KC0002", "KC0010", "KC0011", "KC0020"], null,
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.NegativeTrailingBytes).WithLocation(0).WithArguments("Split", "-5"),
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.MissingStructLayout).WithLocation(0).WithArguments("Split"),
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.MissingStructLayout).WithLocation(2).WithArguments("Wide"),
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.GroupOutOfRange).WithLocation(2).WithArguments("Wide", 40u, " (its idx, the default)", 32u),
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.PayloadTooLarge).WithLocation(2)
            .WithArguments("Wide", 20008L, 8, 20000, 16364, "CONNECTOR_MAX_MSG_SIZE 16384 minus the 20-byte cn_msg"));

    [Fact]
    public Task KC0021_implicit_padding_in_a_nested_struct_at_any_depth() => Verify.AnalyzerAsync<MessagePaddingAnalyzer>(Usings + """
        [ConnectorMessage(20, 1)]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct Probe { public Inner {|#0:Head|}; public Wrap {|#1:Tail|}; public Plain Fine; }
        [ConnectorMessage(20, 2)]
        [StructLayout(LayoutKind.Explicit)]
        public partial struct Union { [FieldOffset(0)] public Trailing {|#2:Arm|}; [FieldOffset(0)] public ulong Other; }
        public struct Inner { public byte {|#3:Kind|}; public uint Value; }
        public struct Wrap { public Inner Inner; }
        public struct Trailing { public uint Value; public byte {|#4:Kind|}; }
        public struct Plain { public uint A; public uint B; }
        """, ["KC0008", "KC0021"], null,
        // The second location is the nested struct's field the padding follows, where the fix inserts it.
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.NestedPadding).WithLocation(0).WithLocation(3).WithArguments("Head", "Probe", "Inner", 3, "after 'Kind'", 1),
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.NestedPadding).WithLocation(1).WithLocation(3).WithArguments("Tail.Inner", "Probe", "Inner", 3, "after 'Kind'", 1),
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.NestedPadding).WithLocation(2).WithLocation(4).WithArguments("Arm", "Union", "Trailing", 3, "after 'Kind'", 5));

    [Fact]
    public void Every_problem_that_stops_the_generator_has_its_own_rule_reported_by_one_analyzer()
    {
        var rules = System.Enum.GetValues<TargetProblemKind>()
            .Select(kind => TargetProblemRules.Describe(new TargetProblem(kind, "T", "d", null)).Descriptor)
            .ToArray();
        Assert.Equal(rules.Length, rules.Distinct().Count());
        Assert.All(rules, rule => Assert.Single(RuleCatalogueTests.Analyzers, a => a.SupportedDiagnostics.Contains(rule)));
    }

    [Fact]
    public Task KC0014_overlap_outside_a_union_and_KC0015_field_past_size() => Check("""
        [ConnectorMessage(20, 1)]
        [StructLayout(LayoutKind.Explicit, Size = 8)]
        public partial struct Bad
        {
            [FieldOffset(0)] public uint A;
            [FieldOffset(2)] public uint {|KC0014:B|};
            [FieldOffset(5)] public uint {|KC0014:{|KC0015:C|}|};
        }
        [ConnectorMessage(20, 2)]
        [StructLayout(LayoutKind.Explicit, Size = 16)]
        public partial struct Union
        {
            [FieldOffset(0)] public uint What;
            [FieldOffset(8)] public ulong AsLong;
            [FieldOffset(8)] public int AsInt;
            [FieldOffset(8)] public Pair AsPair;
        }
        public struct Pair { public int X; public int Y; }
        """, "KC0014", "KC0015");

    [Fact]
    public Task KC0016_kernel_owned_ids_and_KC0017_the_reserved_id() => Check("""
        [ConnectorMessage(1, 1, Direction = ConnectorDirection.SendOnly)] [StructLayout(LayoutKind.Sequential)] public partial struct {|KC0016:FakeProc|} { public uint A; }
        [ConnectorMessage(9, 1)] [StructLayout(LayoutKind.Sequential)] public partial struct {|KC0016:FakeKvp|} { public uint A; }
        [ConnectorMessage(0xFFFFFFFF, 0xFFFFFFFF, UnicastOnly = true)] [StructLayout(LayoutKind.Sequential)] public partial struct {|KC0017:Control|} { public uint A; }
        [ConnectorMessage(1, 2)] [StructLayout(LayoutKind.Sequential)] public partial struct FreeId { public uint A; }
        """, "KC0016", "KC0017");

    [Fact]
    public Task KC0018_generic_and_KC0019_ref_struct() => Check("""
        [ConnectorMessage(20, 1)] [StructLayout(LayoutKind.Sequential)] public partial struct {|KC0018:Generic|}<T> where T : unmanaged { public T Value; }
        [ConnectorMessage(20, 2)] [StructLayout(LayoutKind.Sequential)] public ref partial struct {|KC0019:Ref|} { public int A; }
        """, "KC0018", "KC0019");

    [Fact]
    public Task The_kernels_own_structs_written_correctly_are_silent() => Verify.AnalyzersAsync(Usings + """
        // struct proc_event, as <linux/cn_proc.h> has it: a header and a union (KC0016 aside: it is the kernel's id).
        #pragma warning disable KC0016
        [ConnectorMessage(1, 1, Direction = ConnectorDirection.ReceiveOnly)]
        [StructLayout(LayoutKind.Explicit, Size = 40)]
        public partial struct ProcEvent
        {
            [FieldOffset(0)] public uint What;
            [FieldOffset(4)] public uint Cpu;
            [FieldOffset(8)] public ulong TimestampNs;
            [FieldOffset(16)] public uint AckErr;
            [FieldOffset(16)] public Fork Fork;
            [FieldOffset(16)] public Exit Exit;
            [FieldOffset(16)] public Comm Comm;
        }
        public struct Fork { public int ParentPid, ParentTgid, ChildPid, ChildTgid; }
        public struct Exit { public int Pid, Tgid; public uint Code, Signal; public int ParentPid, ParentTgid; }
        public unsafe struct Comm { public int Pid, Tgid; public fixed byte Name[16]; }

        // struct dm_ulog_request of <linux/dm-log-userspace.h>: u64 luid, char uuid[129], 3 bytes of
        // explicit padding, u32 version, s32 error, u32 seq, u32 request_type, u32 data_size, then data.
        [ConnectorMessage(7, 1, MaxTrailingBytes = 2048)]
        [StructLayout(LayoutKind.Sequential)]
        public unsafe partial struct DmUlogRequest
        {
            public ulong Luid;
            public fixed byte Uuid[129];
            public fixed byte Padding[3];
            public uint Version;
            public int Error;
            public uint Seq;
            public uint RequestType;
            public uint DataSize;
        }
        """, [.. Verify.AllIds[1..]]);
}
