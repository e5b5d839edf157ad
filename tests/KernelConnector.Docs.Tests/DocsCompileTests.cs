using System;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Docs.Tests.Support;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KernelConnector.Docs.Tests;

/// <summary>
/// Every C# block of README.md, docs/ and samples/ compiles against the package as it is now, so
/// that a renamed API or a wrong example fails here with the file and line to fix.
/// </summary>
public sealed class DocsCompileTests
{
    public static TheoryData<string> Units => [.. DocUnits.Names];

    [Fact]
    public void Every_csharp_block_has_an_info_string_the_tests_know()
    {
        Assert.True(DocUnits.Errors.Count == 0, string.Join('\n', DocUnits.Errors));
        Assert.NotEmpty(DocUnits.Names);
    }

    [Theory]
    [MemberData(nameof(Units))]
    public async Task The_block_compiles_as_documented(string unit)
    {
        var blocks = DocUnits.Get(unit);
        var (_, diagnostics) = await DocCompilation.CompileAsync(blocks);
        var block = blocks[0];
        switch (block.Kind)
        {
            case DocBlockKind.Wrong:
                Assert.True(diagnostics.Any(d => d.Id == block.Rule),
                    $"{block.Where}: the wrong example does not report {block.Rule}; it reports:\n{DocCompilation.Format(diagnostics)}");
                var errors = diagnostics.Where(d => d.Id.StartsWith("CS", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error).ToList();
                Assert.True(errors.Count == 0, $"{block.Where}: the wrong example does not compile, for another reason than {block.Rule}:\n{DocCompilation.Format(errors)}");
                break;
            case DocBlockKind.Right:
                var wrong = diagnostics.Where(d => d.Id == block.Rule || d.Severity == DiagnosticSeverity.Error).ToList();
                Assert.True(wrong.Count == 0, $"{block.Where}: the right example reports:\n{DocCompilation.Format(wrong)}");
                break;
            default:
                // A document's program: as a user's project with warnings as errors.
                Assert.True(diagnostics.Length == 0, $"{unit} does not compile as written:\n{DocCompilation.Format(diagnostics)}");
                break;
        }
    }
}
