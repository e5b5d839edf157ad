using System;
using System.IO;
using System.IO.Enumeration;
using System.Linq;
using System.Runtime.Loader;
using System.Threading.Tasks;
using KernelConnector.Docs.Tests.Support;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Docs.Tests;

/// <summary>
/// The documents whose program is marked <c>```csharp run</c> are run, and print what their
/// <c>```text output</c> block says. They write to the console, which is the whole process's, so
/// they run alone.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class DocsRunTests
{
    public static TheoryData<string> Runnable => [.. DocUnits.Names.Where(n => DocUnits.Get(n).Any(b => b.Run))];

    [Fact]
    public void The_readme_example_is_among_the_runnable_ones() => Assert.Contains("README.md", DocUnits.Names.Where(n => DocUnits.Get(n).Any(b => b.Run)));

    [Theory]
    [MemberData(nameof(Runnable))]
    public async Task The_program_runs_and_prints_what_the_document_says(string unit)
    {
        var blocks = DocUnits.Get(unit);
        if (blocks.Any(b => b.Code.Contains("ConnectorSocket", StringComparison.Ordinal) || b.Code.Contains("ProcessEventSource", StringComparison.Ordinal)))
        {
            KernelRequirement.Require();
        }

        var output = await RunAsync(blocks);
        var expected = blocks.Single(b => b.Run).ExpectedOutput;
        Assert.True(expected is not null, $"{unit}: a run block needs a ```text output block after it");
        AssertMatches(unit, expected, output);
    }

    /// <summary>Compiles, loads and runs the program in a context of its own; returns what it printed.</summary>
    internal static async Task<string> RunAsync(System.Collections.Generic.IReadOnlyList<DocBlock> blocks)
    {
        var (compilation, diagnostics) = await DocCompilation.CompileAsync(blocks);
        Assert.True(diagnostics.IsEmpty, DocCompilation.Format(diagnostics));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, DocCompilation.Format(emitted.Diagnostics));
        image.Position = 0;

        // Its references resolve to the assemblies this test already loaded.
        var context = new AssemblyLoadContext("documented-program", isCollectible: true);
        var entry = context.LoadFromStream(image).EntryPoint!;
        var console = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(console);
        try
        {
            var result = entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
            if (result is Task task)
            {
                await task.WaitAsync(TimeSpan.FromMinutes(1));
            }
        }
        finally
        {
            Console.SetOut(previous);
            context.Unload();
        }

        return console.ToString();
    }

    /// <summary>Line by line; <c>*</c> in the expected text stands for what varies (a port id, a pid).</summary>
    internal static void AssertMatches(string where, string expected, string output)
    {
        var want = expected.Split('\n');
        var got = output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.True(
            want.Length == got.Length && want.Zip(got).All(p => FileSystemName.MatchesSimpleExpression(p.First, p.Second, ignoreCase: false)),
            $"{where}: the program printed\n{output}\nbut the document says\n{expected}");
    }
}
