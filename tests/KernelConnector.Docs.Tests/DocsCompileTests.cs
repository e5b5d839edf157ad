using System.Threading.Tasks;
using KernelConnector.Docs.Tests.Support;
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
        var failure = DocVerdict.Failure(unit, blocks, diagnostics);
        Assert.True(failure is null, failure);
    }
}
