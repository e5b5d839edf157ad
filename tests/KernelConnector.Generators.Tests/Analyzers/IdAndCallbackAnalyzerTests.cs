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
    public Task KC0001_a_duplicate_of_a_type_in_a_referenced_assembly() => Verify.AnalyzerAsync<DuplicateIdAnalyzer>(Usings + """
        #pragma warning disable KC0016
        [ConnectorMessage(1, 1)] public partial struct {|#0:MyProcEvent|} { public uint A; }
        [ConnectorMessage(1, 1, Direction = ConnectorDirection.SendOnly)] public partial struct ProcRequest { public uint Op; }
        """, ["KC0001"], null,
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.DuplicateId).WithLocation(0).WithArguments(1u, 1u, "MyProcEvent", "KernelConnector.ProcessEvents.ProcEvent"));

    [Fact]
    public Task KC0012_wrong_callback_signatures_and_KC0013_two_callbacks_for_one_message() => Verify.AnalyzerAsync<CallbackAnalyzer>(Usings + """
        [ConnectorMessage(20, 1)] public partial struct Probe { public uint A; }
        [ConnectorMessage(20, 2, Direction = ConnectorDirection.SendOnly)] public partial struct Request { public uint A; }
        public partial class Handlers
        {
            [ConnectorCallback] void Good(in ConnectorMessage<Probe> m) { }
            [ConnectorCallback] void {|KC0013:Again|}(in ConnectorMessage<Probe> m) { }
            [ConnectorCallback] void {|KC0012:ByValue|}(ConnectorMessage<Probe> m) { }
            [ConnectorCallback] int {|KC0012:Returns|}(in ConnectorMessage<Probe> m) => 0;
            [ConnectorCallback] void {|KC0012:NoParameter|}() { }
            [ConnectorCallback] void {|KC0012:SendOnly|}(in ConnectorMessage<Request> m) { }
        }
        public class NotPartial
        {
            [ConnectorCallback] void {|KC0012:M|}(in ConnectorMessage<Probe> m) { }
        }
        """, ["KC0012", "KC0013"]);

    [Fact]
    public Task Severity_can_be_raised_and_silenced_in_editorconfig() => Verify.AnalyzerAsync<MessageStructAnalyzer>(Usings + """
        [ConnectorMessage(20, 1)] [StructLayout(LayoutKind.Sequential)] public partial struct Probe { public byte Kind; public uint Value; public bool {|#0:Ready|}; public byte A, B, C; }
        """, ["KC0007", "KC0008"], "root = true\n[*]\ndotnet_diagnostic.KC0008.severity = none\ndotnet_diagnostic.KC0007.severity = error\n",
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.BoolField).WithLocation(0).WithArguments("Ready").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
}
