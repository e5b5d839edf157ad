using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using KernelConnector.Generators.Model;
using KernelConnector.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace KernelConnector.Generators.Tests.Generator;

public class IncrementalityTests
{
    private const string Probe = """
        using KernelConnector;
        namespace Sample;
        [ConnectorMessage(20, 7)]
        public partial struct Probe { public uint Kind; public bool Ready; }
        """;

    private const string Other = """
        using KernelConnector;
        namespace Sample;
        [ConnectorMessage(20, 8)]
        public partial struct Other { public uint Value; }
        """;

    private const string Handlers = """
        using KernelConnector;
        namespace Sample;
        public partial class Handlers
        {
            [ConnectorCallback]
            private void OnProbe(in ReceivedConnectorMessage<Probe> message) { var x = 1; }
        }
        """;

    // A second handler class, in its own file, with two callbacks.
    private const string MoreHandlers = """
        using KernelConnector;
        namespace Sample;
        public partial class MoreHandlers
        {
            [ConnectorCallback]
            private void OnProbe(in ReceivedConnectorMessage<Probe> message) { }

            [ConnectorCallback]
            private static void OnOther(in ReceivedConnectorMessage<Other> message) { }
        }
        """;

    private static readonly string[] TrackedSteps =
        [StepNames.Messages, StepNames.ValidMessages, StepNames.Callbacks, StepNames.CollectedCallbacks, StepNames.Handlers];

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached()
    {
        var compilation = TestCompilation.Create(Probe, Other, Handlers);
        var (driver, _, _) = TestCompilation.Run(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Sample; public class Unrelated { public int X; }", TestCompilation.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in TrackedSteps)
        {
            Assert.All(result.TrackedSteps[step].SelectMany(s => s.Outputs), o =>
                Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void An_edit_inside_a_method_body_re_runs_no_step()
    {
        var compilation = TestCompilation.Create(Probe, Other, Handlers);
        var (driver, _, _) = TestCompilation.Run(compilation);
        var old = compilation.SyntaxTrees.ElementAt(2);
        var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(Handlers.Replace("var x = 1;", "var x = 2; x++;"), TestCompilation.ParseOptions, old.FilePath));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.All(result.TrackedSteps[StepNames.Handlers].SelectMany(s => s.Outputs), o =>
            Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void Editing_one_message_re_runs_only_that_messages_output()
    {
        var compilation = TestCompilation.Create(Probe, Other, Handlers);
        var (driver, _, _) = TestCompilation.Run(compilation);
        var old = compilation.SyntaxTrees.First();
        var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(Probe.Replace("public bool Ready;", "public bool Ready; public bool Done;"), TestCompilation.ParseOptions, old.FilePath));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        var messages = result.TrackedSteps[StepNames.ValidMessages].SelectMany(s => s.Outputs).ToArray();
        Assert.Contains(messages, o => o.Reason == IncrementalStepRunReason.Modified);
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(1, outputs.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(outputs.Length - 1, outputs.Count(r => r == IncrementalStepRunReason.Cached));
        Assert.Contains("value.Done", result.GeneratedSources.Single(s => s.HintName == "Sample.Probe.ConnectorMessage.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    // A message whose fields use a closed enum and a struct declared in other files.
    private const string Uses = """
        using KernelConnector;
        namespace Sample;
        [ConnectorMessage(20, 9)]
        public partial struct Uses { public Mode Mode; public Inner Inner; }
        """;

    private const string ModeFile = """
        using KernelConnector;
        namespace Sample;
        [ClosedEnum]
        public enum Mode : byte { Off, On }
        """;

    private const string InnerFile = """
        namespace Sample;
        public struct Inner { public bool Enabled; public byte Level; }
        """;

    [Theory]
    [InlineData(1, "Off, On }", "Off, On, Auto }", "global::Sample.Mode.Auto")]
    [InlineData(2, "public byte Level;", "public bool Level;", "value.Inner.Level")]
    public void Editing_a_type_a_message_uses_in_another_file_regenerates_that_message(int file, string before, string after, string expected)
    {
        var sources = new[] { Uses, ModeFile, InnerFile, Other };
        var compilation = TestCompilation.Create(sources);
        var (driver, _, _) = TestCompilation.Run(compilation);
        var hint = "Sample.Uses.ConnectorMessage.g.cs";
        Assert.DoesNotContain(expected, driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == hint).SourceText.ToString(), StringComparison.Ordinal);

        var old = compilation.SyntaxTrees.ElementAt(file);
        Assert.Contains(before, old.ToString(), StringComparison.Ordinal);
        var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(sources[file].Replace(before, after, StringComparison.Ordinal), TestCompilation.ParseOptions, old.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // The message using the edited type is regenerated with the change; the other is not.
        Assert.Contains(result.TrackedSteps[StepNames.ValidMessages].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(1, outputs.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Contains(expected, result.GeneratedSources.Single(s => s.HintName == hint).SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_a_callback_regenerates_the_handler_class_only()
    {
        var compilation = TestCompilation.Create(Probe, Other, Handlers);
        var (driver, _, _) = TestCompilation.Run(compilation);
        var old = compilation.SyntaxTrees.ElementAt(2);
        var added = Handlers.Replace(
            "    private void OnProbe",
            "    private void OnOther(in ReceivedConnectorMessage<Other> message) { }\n\n    [ConnectorCallback]\n    private void OnProbe",
            StringComparison.Ordinal);
        var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(added.Replace("    private void OnOther", "    [ConnectorCallback]\n    private void OnOther", StringComparison.Ordinal), TestCompilation.ParseOptions, old.FilePath));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        Assert.Contains(result.TrackedSteps[StepNames.Handlers].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(result.TrackedSteps[StepNames.ValidMessages].SelectMany(s => s.Outputs), o =>
            Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(1, outputs.Count(r => r == IncrementalStepRunReason.Modified));
        var handlers = result.GeneratedSources.Single(s => s.HintName.Contains("Handlers", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("OnOther", handlers, StringComparison.Ordinal);
    }

    [Fact]
    public void The_handler_pipeline_makes_one_item_per_callback_and_one_model_per_class()
    {
        var (driver, _, _) = TestCompilation.Run(TestCompilation.Create(Probe, Other, Handlers, MoreHandlers));
        var result = driver.GetRunResult().Results.Single();

        var items = result.TrackedSteps[StepNames.Callbacks].SelectMany(s => s.Outputs).Select(o => o.Value).ToArray();
        Assert.Equal(3, items.Length);
        Assert.Equal(["OnProbe", "OnProbe", "OnOther"], items.Select(i => ((CallbackItem)i!).Callback?.MethodName));
        var models = result.TrackedSteps[StepNames.Handlers].SelectMany(s => s.Outputs).Select(o => o.Value).ToArray();
        Assert.Equal(["Handlers", "MoreHandlers"], models.Select(m => ((HandlerModel)m!).Target.Name));
    }

    [Fact]
    public void Editing_a_handler_class_regenerates_only_that_class()
    {
        var compilation = TestCompilation.Create(Probe, Other, Handlers, MoreHandlers);
        var (driver, _, _) = TestCompilation.Run(compilation);
        var untouched = driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == "Sample.Handlers.ConnectorHandlers.g.cs").SourceText.ToString();
        var old = compilation.SyntaxTrees.ElementAt(3);
        var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(
            MoreHandlers.Replace("private static void OnOther", "private void OnOther", StringComparison.Ordinal), TestCompilation.ParseOptions, old.FilePath));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // The edited file's callbacks are described again; the other class's item is not.
        var items = result.TrackedSteps[StepNames.Callbacks].SelectMany(s => s.Outputs).ToArray();
        Assert.Contains(items, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(items, o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);

        // One class model changes; the other is the same model and its source is not produced again.
        var models = result.TrackedSteps[StepNames.Handlers].SelectMany(s => s.Outputs).ToArray();
        Assert.Single(models, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Single(models, o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(1, outputs.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(outputs.Length - 1, outputs.Count(r => r == IncrementalStepRunReason.Cached));
        Assert.Equal(untouched, result.GeneratedSources.Single(s => s.HintName == "Sample.Handlers.ConnectorHandlers.g.cs").SourceText.ToString());
        Assert.DoesNotContain("private static global::KernelConnector.DispatchResult", result.GeneratedSources.Single(s => s.HintName == "Sample.MoreHandlers.ConnectorHandlers.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void No_model_keeps_a_compilation_alive()
    {
        var (models, compilation) = RunAndKeepOnlyTheModels();
        for (var i = 0; i < 3 && compilation.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(compilation.IsAlive, "a pipeline model keeps its compilation alive (it holds a symbol, syntax node, semantic model or the compilation)");
        Assert.True(models.Count >= 8, $"{models.Count} models");
        GC.KeepAlive(models);
    }

    // Runs the generator and keeps nothing of the run but the models of its tracked steps; in a
    // method of its own, so that no local of the caller holds the compilation or the driver.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (List<object> Models, WeakReference Compilation) RunAndKeepOnlyTheModels()
    {
        var compilation = TestCompilation.Create(Probe, Other, Handlers, MoreHandlers);
        var result = TestCompilation.Run(compilation).Driver.GetRunResult().Results.Single();
        var models = TrackedSteps.SelectMany(step => result.TrackedSteps[step]).SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        return (models, new WeakReference(compilation));
    }

    [Fact]
    public void The_driver_does_not_keep_an_old_compilation_alive()
    {
        var (driver, old) = RunOnTwoCompilations();
        for (var i = 0; i < 3 && old.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(old.IsAlive, "the generator driver keeps the previous compilation alive (a model or a static holds a symbol, syntax node or the compilation)");
        Assert.Single(driver.GetRunResult().Results.Single().GeneratedSources, s => s.HintName == "Sample.Probe.ConnectorMessage.g.cs");
    }

    // In a method of its own, so that no local of the caller (a debug build keeps them all) holds
    // the first compilation or the driver that ran on it.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (GeneratorDriver Driver, WeakReference FirstCompilation) RunOnTwoCompilations()
    {
        var first = TestCompilation.Create(Probe, Other, Handlers);
        var (driver, _, _) = TestCompilation.Run(first);

        // The next edit, as the IDE would make it: a new compilation with the messages unchanged.
        var second = TestCompilation.Create(Probe, Other, Handlers, "namespace Sample; public class Unrelated { }");
        return (driver.RunGenerators(second), new WeakReference(first));
    }

    [Fact]
    public void Pipeline_models_hold_no_symbol_syntax_location_or_compilation()
    {
        var (driver, _, _) = TestCompilation.Run(TestCompilation.Create(Probe, Other, Handlers));
        var result = driver.GetRunResult().Results.Single();
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var count = 0;
        foreach (var step in TrackedSteps)
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                Walk(output.Value, $"{step}", visited);
                count++;
            }
        }

        Assert.True(count >= 5);
    }

    private static void Walk(object? value, string path, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !visited.Add(value))
        {
            return;
        }

        Assert.False(value is ISymbol or Compilation or SyntaxNode or SyntaxTree or Location or SemanticModel,
            $"{path} holds a {value.GetType().Name}, which roots a compilation and defeats caching");
        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                Walk(item, $"{path}[{i++}]", visited);
            }
        }

        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Walk(field.GetValue(value), $"{path}.{field.Name}", visited);
        }
    }
}
