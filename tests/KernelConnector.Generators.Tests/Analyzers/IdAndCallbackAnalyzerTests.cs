using System.Threading.Tasks;
using KernelConnector.Generators.Diagnostics;
using KernelConnector.Generators.Tests.Support;
using Xunit;

namespace KernelConnector.Generators.Tests.Analyzers;

public class IdAndCallbackAnalyzerTests
{
    private const string Usings = "using System.Runtime.InteropServices; using KernelConnector;\n";

    [Fact]
    public Task KC0001_every_duplicate_is_reported_naming_the_other() => Verify.AnalyzerAsync<DuplicateIdAnalyzer>(Usings + """
        [ConnectorMessage(20, 1)] public partial struct {|#0:First|} { public uint A; }
        [ConnectorMessage(20, 1)] public partial struct {|#1:Second|} { public uint A; }
        [ConnectorMessage(20, 2)] public partial struct Unique { public uint A; }
        [ConnectorMessage(20, 2, Direction = ConnectorDirection.SendOnly)] public partial struct RequestShape { public uint A; public uint B; }
        """, ["KC0001"], null,
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.DuplicateId).WithLocation(0).WithArguments(20u, 1u, "First", "Second"),
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.DuplicateId).WithLocation(1).WithArguments(20u, 1u, "Second", "First"));

    [Fact]
    public Task KC0001_is_on_the_declaration_that_carries_the_id() => Verify.AnalyzerAsync<DuplicateIdAnalyzer>(Usings + """
        public partial struct First { public uint B; }
        [ConnectorMessage(20, 1)] public partial struct {|#0:First|} { public uint A; }
        [ConnectorMessage(20, 1)] public partial struct {|#1:Second|} { public uint A; }
        """, ["KC0001"], null,
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.DuplicateId).WithLocation(0).WithArguments(20u, 1u, "First", "Second"),
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.DuplicateId).WithLocation(1).WithArguments(20u, 1u, "Second", "First"));

    [Fact]
    public Task KC0001_a_duplicate_of_a_type_in_a_referenced_assembly() => Verify.AnalyzerAsync<DuplicateIdAnalyzer>(Usings + """
        #pragma warning disable KC0016
        [ConnectorMessage(1, 1)] public partial struct {|#0:MyProcEvent|} { public uint A; }
        [ConnectorMessage(1, 1, Direction = ConnectorDirection.SendOnly)] public partial struct ProcRequest { public uint Op; }
        """, ["KC0001"], null,
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.DuplicateId).WithLocation(0).WithArguments(1u, 1u, "MyProcEvent", "KernelConnector.ProcessEvents.ProcEvent"));

    [Fact]
    public Task KC0012_wrong_callback_signatures_and_KC0013_two_callbacks_for_one_message() => Verify.AnalyzersAsync(Usings + """
        [ConnectorMessage(20, 1)] public partial struct Probe { public uint A; }
        [ConnectorMessage(20, 2, Direction = ConnectorDirection.SendOnly)] public partial struct Request { public uint A; }
        public partial class Handlers
        {
            [ConnectorCallback] void Good(in ReceivedConnectorMessage<Probe> m) { }
            [ConnectorCallback] void {|KC0013:Again|}(in ReceivedConnectorMessage<Probe> m) { }
            [ConnectorCallback] void {|KC0012:ByValue|}(ReceivedConnectorMessage<Probe> m) { }
            [ConnectorCallback] int {|KC0012:Returns|}(in ReceivedConnectorMessage<Probe> m) => 0;
            [ConnectorCallback] void {|KC0012:NoParameter|}() { }
            [ConnectorCallback] void SendOnly(in ReceivedConnectorMessage<Request> m) { }
        }
        public class NotPartial
        {
            [ConnectorCallback] void M(in ReceivedConnectorMessage<Probe> m) { }
        }
        """, ["KC0012", "KC0013"]);

    [Fact]
    public Task KC0022_a_handler_class_or_a_type_around_it_not_partial() => Verify.AnalyzersAsync(Usings + """
        [ConnectorMessage(20, 1)] public partial struct Probe { public uint A; }
        public class {|#0:NotPartial|}
        {
            [ConnectorCallback] void M(in ReceivedConnectorMessage<Probe> m) { }
        }
        public class Outer
        {
            public partial class {|#1:Inner|}
            {
                [ConnectorCallback] void M(in ReceivedConnectorMessage<Probe> m) { }
            }
        }
        public partial class Fine
        {
            [ConnectorCallback] void M(in ReceivedConnectorMessage<Probe> m) { }
        }
        public class NoCallbacks { void M(in ReceivedConnectorMessage<Probe> m) { } }
        """, ["KC0012", "KC0022"], null,
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.HandlerNotPartial).WithLocation(0).WithArguments("NotPartial", "NotPartial"),
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.HandlerNotPartial).WithLocation(1).WithArguments("Outer", "Inner"));

    [Fact]
    public Task KC0025_a_static_generic_or_non_class_handler_and_no_KC0012_for_its_correct_callbacks() => Verify.AnalyzersAsync(Usings + """
        [ConnectorMessage(20, 1)] public partial struct Probe { public uint A; }
        public static partial class {|#0:Static|} { [ConnectorCallback] static void M(in ReceivedConnectorMessage<Probe> m) { } }
        public partial class {|#1:Generic|}<T> { [ConnectorCallback] void M(in ReceivedConnectorMessage<Probe> m) { } }
        public partial struct {|#2:Value|} { [ConnectorCallback] void M(in ReceivedConnectorMessage<Probe> m) { } }
        public static partial class {|#3:StaticAndWrong|} { [ConnectorCallback] static int {|#4:M|}(ReceivedConnectorMessage<Probe> m) => 0; }
        public partial class Outer<T> { public partial class Inner { [ConnectorCallback] void M(in ReceivedConnectorMessage<Probe> m) { } } }
        public partial class Fine { [ConnectorCallback] static void M(in ReceivedConnectorMessage<Probe> m) { } }
        public static class NoCallbacks { public static void M(in ReceivedConnectorMessage<Probe> m) { } }
        """, ["KC0012", "KC0022", "KC0025"], null,
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.HandlerClassShape).WithLocation(0).WithArguments("Static", "a static class"),
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.HandlerClassShape).WithLocation(1).WithArguments("Generic", "generic"),
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.HandlerClassShape).WithLocation(2).WithArguments("Value", "a struct"),
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.HandlerClassShape).WithLocation(3).WithArguments("StaticAndWrong", "a static class"),
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.CallbackSignature).WithLocation(4).WithArguments("M"));

    [Fact]
    public Task KC0023_a_callback_for_a_send_only_message() => Verify.AnalyzerAsync<CallbackAnalyzer>(Usings + """
        [ConnectorMessage(20, 1)] public partial struct Probe { public uint A; }
        [ConnectorMessage(20, 2, Direction = ConnectorDirection.SendOnly)] public partial struct Request { public uint A; }
        [ConnectorMessage(20, 3, Direction = ConnectorDirection.ReceiveOnly)] public partial struct Answer { public uint A; }
        public partial class Handlers
        {
            [ConnectorCallback] void OnProbe(in ReceivedConnectorMessage<Probe> m) { }
            [ConnectorCallback] void {|#0:OnRequest|}(in ReceivedConnectorMessage<Request> m) { }
            [ConnectorCallback] void OnAnswer(in ReceivedConnectorMessage<Answer> m) { }
        }
        """, ["KC0012", "KC0023"], null,
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.SendOnlyCallback).WithLocation(0).WithArguments("OnRequest", "Request"));

    [Fact]
    public Task KC0024_a_handler_member_that_clashes_with_a_generated_one() => Verify.AnalyzerAsync<HandlerClassAnalyzer>(Usings + """
        [ConnectorMessage(20, 1)] public partial struct Probe { public uint A; }
        public partial class A
        {
            [ConnectorCallback] void OnProbe(in ReceivedConnectorMessage<Probe> m) { }
            public void {|#0:Register|}(ConnectorRouter router) { }
            public int? GetSequenceKeyOffset(CbId id) => null; // generated once, no longer: no clash
            public KernelConnector.ConnectorStatistics {|#2:Dispatch|}(System.ReadOnlySpan<byte> datagram, uint sender) => default;
        }
        public partial class B
        {
            [ConnectorCallback] void OnProbe(in ReceivedConnectorMessage<Probe> m) { }
            public string {|#3:Dispatch|} => "";
        }
        public partial class Overloads
        {
            [ConnectorCallback] void OnProbe(in ReceivedConnectorMessage<Probe> m) { }
            public void Register(string name) { }
            public void Register<T>(ConnectorRouter router) { }
            public void Dispatch(int count) { }
        }
        public partial class NotAHandler { public void Register(ConnectorRouter router) { } }
        """, ["KC0024"], null,
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.HandlerMemberClash).WithLocation(0).WithArguments("A", "Register", "Register, Dispatch"),
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.HandlerMemberClash).WithLocation(2).WithArguments("A", "Dispatch", "Register, Dispatch"),
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.HandlerMemberClash).WithLocation(3).WithArguments("B", "Dispatch", "Register, Dispatch"));

    [Fact]
    public Task Severity_can_be_lowered_and_silenced_in_editorconfig() => Verify.AnalyzersAsync(Usings + """
        [ConnectorMessage(20, 1)] [StructLayout(LayoutKind.Sequential)] public partial struct Probe { public byte Kind; public uint Value; public bool {|#0:Ready|}; public byte A, B, C; }
        """, ["KC0007", "KC0008"], "root = true\n[*.cs]\ndotnet_diagnostic.KC0008.severity = none\ndotnet_diagnostic.KC0007.severity = suggestion\n",
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.BoolField).WithLocation(0).WithArguments("Ready").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info));
}
