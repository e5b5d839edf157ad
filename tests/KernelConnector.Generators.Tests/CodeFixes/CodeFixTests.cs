using System.Threading.Tasks;
using KernelConnector.CodeFixes;
using KernelConnector.Generators.Diagnostics;
using KernelConnector.Generators.Tests.Support;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace KernelConnector.Generators.Tests.CodeFixes;

public class CodeFixTests
{
    [Fact]
    public Task Makes_the_struct_and_its_containing_types_partial() => Verify.CodeFixAsync<MessageDeclarationAnalyzer, MakePartialCodeFix>("""
        using System.Runtime.InteropServices;
        using KernelConnector;

        public class Outer
        {
            [ConnectorMessage(20, 1)]
            [StructLayout(LayoutKind.Sequential)]
            public struct {|KC0003:{|KC0004:Probe|}|}
            {
                public uint A;
            }

            [ConnectorMessage(20, 2)]
            [StructLayout(LayoutKind.Sequential)]
            internal struct {|KC0003:{|KC0004:Other|}|}
            {
                public uint A;
            }
        }
        """, """
        using System.Runtime.InteropServices;
        using KernelConnector;

        public partial class Outer
        {
            [ConnectorMessage(20, 1)]
            [StructLayout(LayoutKind.Sequential)]
            public partial struct Probe
            {
                public uint A;
            }

            [ConnectorMessage(20, 2)]
            [StructLayout(LayoutKind.Sequential)]
            internal partial struct Other
            {
                public uint A;
            }
        }
        """, ["KC0003", "KC0004"], fixAllIterations: 2);

    [Fact]
    public Task Declares_char_and_bool_fields_as_byte() => Verify.CodeFixAsync<MessageLayoutAnalyzer, UseByteCodeFix>("""
        using System.Runtime.InteropServices;
        using KernelConnector;

        [ConnectorMessage(20, 1)]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct Probe
        {
            public char {|KC0006:Letter|};
            public bool {|KC0007:Ready|};
            public byte Pad;
        }
        """, """
        using System.Runtime.InteropServices;
        using KernelConnector;

        [ConnectorMessage(20, 1)]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct Probe
        {
            public byte Letter;
            public byte Ready;
            public byte Pad;
        }
        """, ["KC0006", "KC0007"]);

    [Fact]
    public Task Declares_pointer_fields_as_fixed_width_integers_and_leaves_nested_ones_to_their_struct()
    {
        var test = new CSharpCodeFixTest<MessageLayoutAnalyzer, UseFixedWidthIntegerCodeFix, DefaultVerifier>
        {
            TestCode = """
            using System.Runtime.InteropServices;
            using KernelConnector;

            [ConnectorMessage(20, 1)]
            [StructLayout(LayoutKind.Sequential)]
            public unsafe partial struct Probe
            {
                public void* {|KC0026:Context|};
                public delegate* unmanaged<void> {|KC0026:Callback|};
                public nint {|KC0026:Handle|};
                public System.UIntPtr /* cookie */ {|KC0026:Cookie|};
                public Inner {|KC0026:Nested|};
                public nint {|KC0026:Token|} { get; set; }
            }

            public unsafe struct Inner { public void* Where; }
            """,
            FixedCode = """
            using System.Runtime.InteropServices;
            using KernelConnector;

            [ConnectorMessage(20, 1)]
            [StructLayout(LayoutKind.Sequential)]
            public unsafe partial struct Probe
            {
                public ulong Context;
                public ulong Callback;
                public long Handle;
                public ulong /* cookie */ Cookie;
                public Inner {|KC0026:Nested|};
                public nint {|KC0026:Token|} { get; set; }
            }

            public unsafe struct Inner { public void* Where; }
            """,
        };

        // A pointer inside Inner, and a property, are reported without a fix: they stay.
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        return Verify.CodeFixAsync(test, ["KC0026"]);
    }

    [Fact]
    public Task Removes_a_field_of_an_empty_struct_the_message_declares()
    {
        var test = new CSharpCodeFixTest<MessageLayoutAnalyzer, RemoveFieldCodeFix, DefaultVerifier>
        {
            TestCode = """
            using System.Runtime.InteropServices;
            using KernelConnector;

            [ConnectorMessage(20, 1)]
            [StructLayout(LayoutKind.Sequential)]
            public partial struct Probe
            {
                public uint Before;
                // Marks where the data starts.
                public Mark {|KC0027:Start|};
                public Mark {|KC0027:First|}, {|KC0027:Second|};
                public uint After;
                public Outer {|KC0027:Nested|};
                public Mark {|KC0027:Property|} { get; set; }
            }

            public struct Mark { }
            public struct Outer { public uint X; public Mark Inner; }
            """,
            FixedCode = """
            using System.Runtime.InteropServices;
            using KernelConnector;

            [ConnectorMessage(20, 1)]
            [StructLayout(LayoutKind.Sequential)]
            public partial struct Probe
            {
                public uint Before;
                public uint After;
                public Outer {|KC0027:Nested|};
                public Mark {|KC0027:Property|} { get; set; }
            }

            public struct Mark { }
            public struct Outer { public uint X; public Mark Inner; }
            """,
        };

        // A field inside Outer, and a property, are reported without a fix: they stay.
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        return Verify.CodeFixAsync(test, ["KC0027"]);
    }

    [Fact]
    public Task States_the_sequential_layout() => Verify.CodeFixAsync<MessageLayoutAnalyzer, AddStructLayoutCodeFix>("""
        using KernelConnector;

        namespace Sample
        {
            /// <summary>A probe.</summary>
            [ConnectorMessage(20, 1)]
            public partial struct {|KC0010:Probe|}
            {
                public uint A;
            }

            public partial struct {|KC0010:Second|}
            {
            }
        }
        """.Replace("public partial struct {|KC0010:Second|}", "[ConnectorMessage(20, 2)]\n    public partial struct {|KC0010:Second|}"), """
        using KernelConnector;
        using System.Runtime.InteropServices;

        namespace Sample
        {
            /// <summary>A probe.</summary>
            [ConnectorMessage(20, 1)]
            [StructLayout(LayoutKind.Sequential)]
            public partial struct Probe
            {
                public uint A;
            }

            [ConnectorMessage(20, 2)]
            [StructLayout(LayoutKind.Sequential)]
            public partial struct Second
            {
            }
        }
        """, ["KC0010"]);

    [Fact]
    public Task Declares_implicit_padding_as_fields() => Verify.CodeFixAsync<MessagePaddingAnalyzer, InsertPaddingCodeFix>("""
        using System.Runtime.InteropServices;
        using KernelConnector;

        [ConnectorMessage(20, 1)]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct Probe
        {
            public byte {|KC0008:Kind|};
            public ulong Stamp;
            public ushort {|KC0008:Port|};
        }
        """, """
        using System.Runtime.InteropServices;
        using KernelConnector;

        [ConnectorMessage(20, 1)]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct Probe
        {
            public byte Kind;
            private byte _padding1;
            private ushort _padding2;
            private uint _padding4;
            public ulong Stamp;
            public ushort Port;
            private ushort _padding18;
            private uint _padding20;
        }
        """, ["KC0008"]);

    [Fact]
    public Task Declares_nested_padding_in_the_nested_struct_once_and_states_its_layout() => Verify.CodeFixAsync<MessagePaddingAnalyzer, InsertNestedPaddingCodeFix>("""
        using KernelConnector;
        using System.Runtime.InteropServices;

        [ConnectorMessage(20, 1)]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct Probe
        {
            public Header {|KC0021:{|KC0021:Head|}|};
            public Wrap {|KC0021:{|KC0021:Tail|}|};
        }

        public struct Header
        {
            public byte Kind;
            public uint Value;
            public ushort Port;
            public ulong Stamp;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct Wrap
        {
            public Header Inner;
        }
        """, """
        using KernelConnector;
        using System.Runtime.InteropServices;

        [ConnectorMessage(20, 1)]
        [StructLayout(LayoutKind.Sequential)]
        public partial struct Probe
        {
            public Header Head;
            public Wrap Tail;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct Header
        {
            public byte Kind;
            private byte _padding1;
            private ushort _padding2;
            public uint Value;
            public ushort Port;
            private ushort _padding10;
            private uint _padding12;
            public ulong Stamp;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct Wrap
        {
            public Header Inner;
        }
        """, ["KC0021"], fixAllIterations: 1);

    [Fact]
    public Task Declares_nested_padding_in_another_document()
    {
        var test = new CSharpCodeFixTest<MessagePaddingAnalyzer, InsertNestedPaddingCodeFix, DefaultVerifier>();
        test.TestState.Sources.Add(("/0/Probe.cs", """
            using Wire;
            using System.Runtime.InteropServices;
            using KernelConnector;
            [ConnectorMessage(20, 1)] [StructLayout(LayoutKind.Sequential)] public partial struct Probe { public Header {|KC0021:Head|}; }
            [ConnectorMessage(20, 2)] [StructLayout(LayoutKind.Sequential)] public partial struct Other { public Header {|KC0021:Again|}; }
            """));
        test.TestState.Sources.Add(("/0/Header.cs", """
            namespace Wire
            {
                /// <summary>A header.</summary>
                public struct Header
                {
                    public byte Kind;
                    public uint Value;
                }
            }
            """));
        test.FixedState.Sources.Add(("/0/Probe.cs", """
            using Wire;
            using System.Runtime.InteropServices;
            using KernelConnector;
            [ConnectorMessage(20, 1)] [StructLayout(LayoutKind.Sequential)] public partial struct Probe { public Header Head; }
            [ConnectorMessage(20, 2)] [StructLayout(LayoutKind.Sequential)] public partial struct Other { public Header Again; }
            """));
        test.FixedState.Sources.Add(("/0/Header.cs", """
            using System.Runtime.InteropServices;

            namespace Wire
            {
                /// <summary>A header.</summary>
                [StructLayout(LayoutKind.Sequential)]
                public struct Header
                {
                    public byte Kind;
                    private byte _padding1;
                    private ushort _padding2;
                    public uint Value;
                }
            }
            """));
        return Verify.CodeFixAsync(test, ["KC0021"]);
    }

    [Fact]
    public Task Nested_padding_in_a_referenced_project_is_reported_without_a_fix()
    {
        const string Probe = """
            using System.Runtime.InteropServices;
            using KernelConnector;
            [ConnectorMessage(20, 1)] [StructLayout(LayoutKind.Sequential)] public partial struct Probe { public Header {|KC0021:Head|}; }
            """;
        var test = new CSharpCodeFixTest<MessagePaddingAnalyzer, InsertNestedPaddingCodeFix, DefaultVerifier> { TestCode = Probe, FixedCode = Probe };
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        foreach (var state in new[] { test.TestState, test.FixedState })
        {
            state.AdditionalProjects["Wire"].Sources.Add(("/Wire/Header.cs", "public struct Header { public byte Kind; public uint Value; }"));
            state.AdditionalProjectReferences.Add("Wire");
        }

        // No fix is offered, so fixing all does nothing either.
        return Verify.CodeFixAsync(test, ["KC0021"], fixAllIterations: 0);
    }

    [Fact]
    public Task Moves_a_duplicate_to_the_next_free_id() => Verify.CodeFixAsync<DuplicateIdAnalyzer, ChangeIdCodeFix>("""
        using KernelConnector;

        [ConnectorMessage(20, 1)] public partial struct {|KC0001:First|} { public uint A; }
        [ConnectorMessage(20, 2)] public partial struct Taken { public uint A; }
        [ConnectorMessage(20, 1)] public partial struct {|KC0001:Second|} { public uint A; }
        [ConnectorMessage(20, 1)] public partial struct {|KC0001:Third|} { public uint A; }
        """, """
        using KernelConnector;

        [ConnectorMessage(20, 3)] public partial struct First { public uint A; }
        [ConnectorMessage(20, 2)] public partial struct Taken { public uint A; }
        [ConnectorMessage(20, 4)] public partial struct Second { public uint A; }
        [ConnectorMessage(20, 1)] public partial struct Third { public uint A; }
        """, ["KC0001"], batchFixedSource: """
        using KernelConnector;

        [ConnectorMessage(20, 1)] public partial struct First { public uint A; }
        [ConnectorMessage(20, 2)] public partial struct Taken { public uint A; }
        [ConnectorMessage(20, 3)] public partial struct Second { public uint A; }
        [ConnectorMessage(20, 4)] public partial struct Third { public uint A; }
        """);

    [Fact]
    public Task Moves_a_duplicate_past_the_kernels_ids_and_only_those() => Verify.CodeFixAsync<DuplicateIdAnalyzer, ChangeIdCodeFix>("""
        using KernelConnector;

        [ConnectorMessage(4, 0)] public partial struct {|KC0001:First|} { public uint A; }
        [ConnectorMessage(4, 0)] public partial struct {|KC0001:Second|} { public uint A; }
        [ConnectorMessage(5, 0)] public partial struct {|KC0001:Third|} { public uint A; }
        [ConnectorMessage(5, 0)] public partial struct {|KC0001:Fourth|} { public uint A; }
        """, """
        using KernelConnector;

        [ConnectorMessage(4, 2)] public partial struct First { public uint A; }
        [ConnectorMessage(4, 0)] public partial struct Second { public uint A; }
        [ConnectorMessage(5, 1)] public partial struct Third { public uint A; }
        [ConnectorMessage(5, 0)] public partial struct Fourth { public uint A; }
        """, ["KC0001"], batchFixedSource: """
        using KernelConnector;

        [ConnectorMessage(4, 0)] public partial struct First { public uint A; }
        [ConnectorMessage(4, 2)] public partial struct Second { public uint A; }
        [ConnectorMessage(5, 0)] public partial struct Third { public uint A; }
        [ConnectorMessage(5, 1)] public partial struct Fourth { public uint A; }
        """);

    [Fact]
    public Task Moves_duplicates_split_across_documents_to_distinct_free_ids()
    {
        var test = new CSharpCodeFixTest<DuplicateIdAnalyzer, ChangeIdCodeFix, DefaultVerifier>();
        test.TestState.Sources.Add(("/0/A.cs", """
            using KernelConnector;
            [ConnectorMessage(20, 1)] public partial struct {|KC0001:First|} { public uint A; }
            [ConnectorMessage(20, 2)] public partial struct Taken { public uint A; }
            """));
        test.TestState.Sources.Add(("/0/B.cs", """
            using KernelConnector;
            [ConnectorMessage(20, 1)] public partial struct {|KC0001:Second|} { public uint A; }
            """));
        test.TestState.Sources.Add(("/0/C.cs", """
            using KernelConnector;
            [ConnectorMessage(20, 1)] public partial struct {|KC0001:Third|} { public uint A; }
            """));

        // One fix at a time: the first diagnostic's type moves to the next free id, then the next one.
        test.FixedState.Sources.Add(("/0/A.cs", """
            using KernelConnector;
            [ConnectorMessage(20, 3)] public partial struct First { public uint A; }
            [ConnectorMessage(20, 2)] public partial struct Taken { public uint A; }
            """));
        test.FixedState.Sources.Add(("/0/B.cs", """
            using KernelConnector;
            [ConnectorMessage(20, 4)] public partial struct Second { public uint A; }
            """));
        test.FixedState.Sources.Add(("/0/C.cs", """
            using KernelConnector;
            [ConnectorMessage(20, 1)] public partial struct Third { public uint A; }
            """));

        // Fixing all at once keeps the first declaration (by file) and gives every other its own id,
        // however the duplicates are spread over documents.
        test.BatchFixedState.Sources.Add(("/0/A.cs", """
            using KernelConnector;
            [ConnectorMessage(20, 1)] public partial struct First { public uint A; }
            [ConnectorMessage(20, 2)] public partial struct Taken { public uint A; }
            """));
        test.BatchFixedState.Sources.Add(("/0/B.cs", """
            using KernelConnector;
            [ConnectorMessage(20, 3)] public partial struct Second { public uint A; }
            """));
        test.BatchFixedState.Sources.Add(("/0/C.cs", """
            using KernelConnector;
            [ConnectorMessage(20, 4)] public partial struct Third { public uint A; }
            """));

        // Fixing all in one document keeps a duplicate outside it and moves the document's own
        // declarations, so its result is not the project's: the project and solution scopes are checked.
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllInDocumentCheck;
        return Verify.CodeFixAsync(test, ["KC0001"]);
    }

    [Fact]
    public Task Moves_a_duplicate_of_a_referenced_project_to_an_id_free_in_both()
    {
        const string Library = """
            using KernelConnector;
            [ConnectorMessage(20, 1)] public partial struct Shared { public uint A; }
            [ConnectorMessage(20, 2)] public partial struct AlsoShared { public uint A; }
            """;
        var test = new CSharpCodeFixTest<DuplicateIdAnalyzer, ChangeIdCodeFix, DefaultVerifier>
        {
            TestCode = """
                using KernelConnector;
                [ConnectorMessage(20, 1)] public partial struct {|KC0001:Mine|} { public uint A; }
                """,
            FixedCode = """
                using KernelConnector;
                [ConnectorMessage(20, 3)] public partial struct Mine { public uint A; }
                """,
        };
        foreach (var state in new[] { test.TestState, test.FixedState, test.BatchFixedState })
        {
            state.AdditionalProjects["Library"].Sources.Add(("/Library/Messages.cs", Library));
            state.AdditionalProjects["Library"].AdditionalReferences.Add(Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(typeof(CbId).Assembly.Location));
            state.AdditionalProjectReferences.Add("Library");
        }

        return Verify.CodeFixAsync(test, ["KC0001"]);
    }

    [Fact]
    public Task Makes_a_handler_class_and_its_containing_types_partial() => Verify.CodeFixAsync<HandlerClassAnalyzer, MakePartialCodeFix>("""
        using KernelConnector;

        [ConnectorMessage(20, 1)] public partial struct Probe { public uint A; }

        public class Outer
        {
            internal sealed class {|KC0022:Handlers|}
            {
                [ConnectorCallback] void OnProbe(in ReceivedConnectorMessage<Probe> m) { }
            }
        }
        """, """
        using KernelConnector;

        [ConnectorMessage(20, 1)] public partial struct Probe { public uint A; }

        public partial class Outer
        {
            internal sealed partial class Handlers
            {
                [ConnectorCallback] void OnProbe(in ReceivedConnectorMessage<Probe> m) { }
            }
        }
        """, ["KC0022"]);

    [Fact]
    public Task Makes_handler_classes_partial_across_documents_and_projects()
    {
        const string Probe = "using KernelConnector;\n[ConnectorMessage(20, 1)] public partial struct Probe { public uint A; }\n";
        var test = new CSharpCodeFixTest<HandlerClassAnalyzer, MakePartialCodeFix, DefaultVerifier>();
        test.TestState.Sources.Add(("/0/Probe.cs", Probe));
        test.TestState.Sources.Add(("/0/A.cs", "using KernelConnector;\npublic class {|KC0022:A|} { [ConnectorCallback] void M(in ReceivedConnectorMessage<Probe> m) { } }\n"));
        test.TestState.Sources.Add(("/0/B.cs", "using KernelConnector;\nclass {|KC0022:B|} { [ConnectorCallback] void M(in ReceivedConnectorMessage<Probe> m) { } }\n"));
        test.TestState.AdditionalProjects["Other"].Sources.Add(("/Other/C.cs", Probe + "public class {|KC0022:C|} { [ConnectorCallback] void M(in ReceivedConnectorMessage<Probe> m) { } }\n"));
        test.FixedState.Sources.Add(("/0/Probe.cs", Probe));
        test.FixedState.Sources.Add(("/0/A.cs", "using KernelConnector;\npublic partial class A { [ConnectorCallback] void M(in ReceivedConnectorMessage<Probe> m) { } }\n"));
        test.FixedState.Sources.Add(("/0/B.cs", "using KernelConnector;\npartial class B { [ConnectorCallback] void M(in ReceivedConnectorMessage<Probe> m) { } }\n"));
        test.FixedState.AdditionalProjects["Other"].Sources.Add(("/Other/C.cs", Probe + "public partial class C { [ConnectorCallback] void M(in ReceivedConnectorMessage<Probe> m) { } }\n"));
        foreach (var state in new[] { test.TestState, test.FixedState })
        {
            state.AdditionalProjects["Other"].AdditionalReferences.Add(Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(typeof(CbId).Assembly.Location));
        }

        // One fix at a time reaches every class; fixing all is checked at solution scope, the one
        // that reaches the other project (document and project scopes stop where they say).
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllInDocumentCheck | CodeFixTestBehaviors.SkipFixAllInProjectCheck;
        return Verify.CodeFixAsync(test, ["KC0022"]);
    }

    [Fact]
    public Task Moves_a_duplicate_split_across_two_documents()
    {
        var test = new CSharpCodeFixTest<DuplicateIdAnalyzer, ChangeIdCodeFix, DefaultVerifier>();
        test.TestState.Sources.Add(("/0/A.cs", "using KernelConnector;\n[ConnectorMessage(20, 1)] public partial struct {|KC0001:First|} { public uint A; }\n"));
        test.TestState.Sources.Add(("/0/B.cs", "using KernelConnector;\n[ConnectorMessage(20, 1)] public partial struct {|KC0001:Second|} { public uint A; }\n"));

        // The single fix moves the type it is offered on (the first diagnostic's, in A.cs).
        test.FixedState.Sources.Add(("/0/A.cs", "using KernelConnector;\n[ConnectorMessage(20, 2)] public partial struct First { public uint A; }\n"));
        test.FixedState.Sources.Add(("/0/B.cs", "using KernelConnector;\n[ConnectorMessage(20, 1)] public partial struct Second { public uint A; }\n"));

        // Fixing all keeps the first declaration and moves the one in the other document.
        test.BatchFixedState.Sources.Add(("/0/A.cs", "using KernelConnector;\n[ConnectorMessage(20, 1)] public partial struct First { public uint A; }\n"));
        test.BatchFixedState.Sources.Add(("/0/B.cs", "using KernelConnector;\n[ConnectorMessage(20, 2)] public partial struct Second { public uint A; }\n"));

        // Fixing all in one document moves that document's declaration (the other is out of scope).
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllInDocumentCheck;
        return Verify.CodeFixAsync(test, ["KC0001"]);
    }
}
