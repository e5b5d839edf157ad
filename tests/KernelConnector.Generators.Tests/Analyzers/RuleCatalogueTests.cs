using System.IO;
using System.Linq;
using KernelConnector.Generators.Diagnostics;
using KernelConnector.Generators.Tests.Support;
using KernelConnector.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace KernelConnector.Generators.Tests.Analyzers;

/// <summary>Every rule the analyzers report is described, documented and tracked for release.</summary>
public class RuleCatalogueTests
{
    /// <summary>Every analyzer the package ships.</summary>
    internal static DiagnosticAnalyzer[] Analyzers =>
        [
            new MessageDeclarationAnalyzer(), new MessageLayoutAnalyzer(), new MessagePaddingAnalyzer(), new MessageArgumentAnalyzer(),
            new MessageIdAnalyzer(), new DuplicateIdAnalyzer(), new CallbackAnalyzer(), new HandlerClassAnalyzer(), new HeaderParityAnalyzer(),
        ];

    internal static readonly DiagnosticDescriptor[] Rules =
        Analyzers
            .SelectMany(a => a.SupportedDiagnostics)
            .OrderBy(d => d.Id, System.StringComparer.Ordinal)
            .ToArray();

    [Fact]
    public void The_rules_are_numbered_without_a_gap_and_each_is_reported_by_one_analyzer() =>
        Assert.Equal(Verify.AllIds, Rules.Select(r => r.Id));

    [Fact]
    public void Every_rule_has_a_description_and_a_help_link()
    {
        Assert.All(Rules, rule =>
        {
            Assert.False(string.IsNullOrWhiteSpace(rule.Description.ToString(System.Globalization.CultureInfo.InvariantCulture)), rule.Id);
            Assert.EndsWith("#" + rule.Id.ToLowerInvariant(), rule.HelpLinkUri, System.StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Every_rule_has_a_help_section_with_a_wrong_and_a_right_example_and_a_table_row()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "diagnostics.md"));
        Assert.All(Rules, rule =>
        {
            var severity = rule.DefaultSeverity.ToString();
            Assert.Contains($"| [{rule.Id}](#{rule.Id.ToLowerInvariant()}) | {rule.Title} | {severity} |", docs, System.StringComparison.Ordinal);
            var start = docs.IndexOf("\n## " + rule.Id + "\n", System.StringComparison.Ordinal);
            Assert.True(start >= 0, rule.Id + " has no section");
            var end = docs.IndexOf("\n## ", start + 1, System.StringComparison.Ordinal);
            var section = end < 0 ? docs[start..] : docs[start..end];
            Assert.Contains($"**{rule.Title}** — {severity}", section, System.StringComparison.Ordinal);
            Assert.Contains("Wrong:", section, System.StringComparison.Ordinal);
            Assert.Contains("Right:", section, System.StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Every_rule_is_tracked_in_the_unshipped_release_with_its_severity_and_analyzer()
    {
        var releases = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "src", "KernelConnector.Generators", "AnalyzerReleases.Unshipped.md"));
        Assert.All(Analyzers, analyzer => Assert.All(analyzer.SupportedDiagnostics, rule =>
            Assert.Contains($"{rule.Id} | {rule.Category} | {rule.DefaultSeverity} | {analyzer.GetType().Name}\n", releases, System.StringComparison.Ordinal)));
    }
}
