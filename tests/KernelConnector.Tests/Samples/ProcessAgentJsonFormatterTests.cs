using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using ProcessAgent;
using Xunit;

namespace KernelConnector.Tests.Samples;

/// <summary>
/// ProcessAgent's json console formatter against the framework's, entry by entry: the same line,
/// but for a sequence, which is an array of its items instead of its type's name.
/// </summary>
public sealed class ProcessAgentJsonFormatterTests
{
    private static readonly KeyValuePair<string, object?>[] Scalars =
    [
        new("text", "a\"b\\c\nd\u001Be"), new("int", -7), new("long", long.MaxValue), new("uint", 7u), new("ulong", ulong.MaxValue),
        new("short", (short)-3), new("byte", (byte)200), new("double", 0.1), new("float", 1.5f), new("decimal", 1.25m),
        new("bool", true), new("char", 'x'), new("null", null), new("guid", Guid.Empty), new("kind", LogLevel.Warning), new("{OriginalFormat}", "{text}"),
    ];

    public static TheoryData<bool, bool> Entries() => new() { { false, false }, { true, false }, { false, true }, { true, true } };

    [Theory]
    [MemberData(nameof(Entries))]
    public void An_entry_without_sequences_is_written_as_the_framework_writes_it(bool withException, bool withScopes)
    {
        var (framework, ours, scopes) = Formatters(withScopes);
        Assert.Equal(Write(framework, Scalars, withException, scopes), Write(ours, Scalars, withException, scopes));
    }

    [Fact]
    public void A_sequence_is_an_array_of_its_items_where_the_framework_writes_its_type_name()
    {
        var (framework, ours, scopes) = Formatters(withScopes: true);
        KeyValuePair<string, object?>[] state = [.. Scalars, new("process.command_args", new[] { "/bin/sh", "-c", "a\"b\nc" }), new("numbers", new List<int> { 1, 2 })];
        var theirs = JsonNode.Parse(Write(framework, state, withException: false, scopes))!;
        var mine = JsonNode.Parse(Write(ours, state, withException: false, scopes))!;

        Assert.Equal("System.String[]", (string?)theirs["State"]!["process.command_args"]);
        Assert.Equal(["/bin/sh", "-c", "a\"b\nc"], mine["State"]!["process.command_args"]!.AsArray().Select(n => (string?)n));
        Assert.Equal([1, 2], mine["State"]!["numbers"]!.AsArray().Select(n => (int)n!));

        // Everything else is the framework's.
        theirs["State"]!["process.command_args"] = mine["State"]!["process.command_args"]!.DeepClone();
        theirs["State"]!["numbers"] = mine["State"]!["numbers"]!.DeepClone();
        Assert.True(JsonNode.DeepEquals(theirs, mine), $"{theirs.ToJsonString()}\n{mine.ToJsonString()}");
    }

    [Fact]
    public void A_number_json_cannot_hold_is_text_where_the_framework_throws()
    {
        var (framework, ours, _) = Formatters(withScopes: false);
        KeyValuePair<string, object?>[] state = [new("nan", double.NaN), new("infinity", float.PositiveInfinity)];
        Assert.Throws<ArgumentException>(() => Write(framework, state, withException: false, null));
        var mine = JsonNode.Parse(Write(ours, state, withException: false, null))!;
        Assert.Equal("NaN", (string?)mine["State"]!["nan"]);
        Assert.Equal("Infinity", (string?)mine["State"]!["infinity"]);
    }

    private static (ConsoleFormatter Framework, JsonRecordFormatter Ours, IExternalScopeProvider? Scopes) Formatters(bool withScopes)
    {
        var services = new ServiceCollection().AddLogging(b => b.AddJsonConsole(o => o.IncludeScopes = withScopes)).BuildServiceProvider();
        var framework = services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json);
        var ours = new JsonRecordFormatter(services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>());
        if (!withScopes)
        {
            return (framework, ours, null);
        }

        var scopes = new LoggerExternalScopeProvider();
        scopes.Push("plain scope");
        scopes.Push(new KeyValuePair<string, object?>[] { new("scope.id", 42), new("{OriginalFormat}", "scope {scope.id}") });
        return (framework, ours, scopes);
    }

    private static string Write(ConsoleFormatter formatter, IReadOnlyList<KeyValuePair<string, object?>> state, bool withException, IExternalScopeProvider? scopes)
    {
        var exception = withException ? new InvalidOperationException("broken\nacross lines") : null;
        var entry = new LogEntry<IReadOnlyList<KeyValuePair<string, object?>>>(LogLevel.Warning, "Category.Name", new EventId(7, "Seven"), state, exception, (s, _) => "the message \u001B");
        using var writer = new StringWriter();
        formatter.Write(entry, scopes, writer);
        return writer.ToString();
    }
}
