using System;
using System.IO;
using System.Threading.Tasks;
using KernelConnector.Generators.Diagnostics;
using KernelConnector.Generators.Tests.CHeaders;
using KernelConnector.Generators.Tests.Support;
using KernelConnector.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace KernelConnector.Generators.Tests.HeaderParity;

/// <summary>The runtime's own structs against the installed kernel headers, through the analyzer.</summary>
public class RealHeaderParityTests
{
    private const string Header = "/usr/include/linux/cn_proc.h";
    private const string Declaration = "namespace KernelConnector.ProcessEvents; [KernelConnector.CStruct(\"linux/cn_proc.h\", \"proc_event\")] public partial struct {|#0:ProcEvent|} { }";

    private static string Runtime(string file) => File.ReadAllText(Path.Combine(RepositoryRoot.Path, "src", "KernelConnector", "ProcessEvents", file));

    [Fact]
    public Task The_runtimes_ProcEvent_matches_proc_event_of_the_installed_cn_proc_h() => ParityVerify.AnalyzerAsync(
        [Runtime("ProcEvent.cs"), Runtime("ProcEventKind.cs"), Runtime("ProcCommName.cs"), Declaration],
        [(Header, SystemHeaders.Text("linux/cn_proc.h"))],
        Verify.AllIds);

    [Fact]
    public Task The_runtimes_ProcEvent_is_reported_where_it_differs_from_an_edited_cn_proc_h()
    {
        var source = Runtime("ProcEvent.cs");
        var header = SystemHeaders.Text("linux/cn_proc.h").Replace("char           comm[16];", "char           comm[32];", StringComparison.Ordinal);
        var comm = Find(source, "public ProcCommEvent Comm;", "Comm");
        return ParityVerify.AnalyzerAsync(
            [source, Runtime("ProcEventKind.cs"), Runtime("ProcCommName.cs"), Declaration],
            [(Header, header)],
            Verify.AllIds,
            new DiagnosticResult(Descriptors.CFieldSizeMismatch).WithSpan("/0/Test0.cs", comm.Line, comm.Column, comm.Line, comm.Column + 4)
                .WithLocation(Header, Line(header, "} comm;"), 1)
                .WithArguments("Comm", "ProcCommEvent", "24", "event_data.comm", "struct comm_proc_event", "40", $"cn_proc.h:{Line(header, "} comm;")} `}} comm;`"),
            new DiagnosticResult(Descriptors.CArrayLengthMismatch).WithSpan("/0/Test0.cs", comm.Line, comm.Column, comm.Line, comm.Column + 4)
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("Comm.Comm", "16", "1", "comm", "char[32]", "32", "1", $"cn_proc.h:{Line(header, "comm[32];")} `char           comm[32];`"),
            new DiagnosticResult(Descriptors.CSizeMismatch).WithLocation(0).WithLocation(Header, Line(header, "struct proc_event {"), 1)
                .WithArguments("ProcEvent", "40", "struct proc_event", "56", $"cn_proc.h:{Line(header, "struct proc_event {")} `struct proc_event {{`"));
    }

    private static int Line(string text, string content) => Array.FindIndex(text.Split('\n'), l => l.Contains(content, StringComparison.Ordinal)) + 1;

    private static (int Line, int Column) Find(string text, string content, string name)
    {
        var line = Line(text, content);
        var column = text.Split('\n')[line - 1].IndexOf(content, StringComparison.Ordinal) + content.LastIndexOf(name, StringComparison.Ordinal) + 1;
        return (line, column);
    }
}
