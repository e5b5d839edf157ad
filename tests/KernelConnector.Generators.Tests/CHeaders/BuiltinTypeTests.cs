using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Generators.CHeaders;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Generators.Tests.CHeaders;

/// <summary>The types the reader knows without a header, against gcc on this machine.</summary>
public class BuiltinTypeTests
{
    private static readonly string[] Keywords =
    [
        "char", "signed char", "unsigned char", "short", "short int", "unsigned short", "signed short int", "int", "signed", "unsigned",
        "unsigned int", "long", "long int", "unsigned long", "long unsigned int", "long long", "unsigned long long", "long long int",
        "signed long long int", "_Bool", "float", "double", "long double", "__int128", "unsigned __int128",
    ];

    [Fact]
    public async Task Every_known_typedef_and_keyword_combination_has_gccs_size_alignment_and_signedness()
    {
        var types = CBuiltinTypes.All.Select(t => (t.Name, Scalar: t))
            .Concat(Keywords.Select(k => (Name: k, Scalar: CBuiltinTypes.FromKeywords(k.Split(' '))!)))
            .ToArray();
        Assert.All(types, t => Assert.NotNull(t.Scalar));

        var expressions = new List<string>();
        var ours = new List<long>();
        foreach (var (name, scalar) in types)
        {
            expressions.Add($"sizeof({name})");
            ours.Add(scalar.Size);
            expressions.Add($"_Alignof({name})");
            ours.Add(scalar.Alignment);
            if (scalar.Signedness is CSignedness.Signed or CSignedness.Unsigned)
            {
                expressions.Add($"(({name})-1 < 0)");
                ours.Add(scalar.Signedness == CSignedness.Signed ? 1 : 0);
            }
        }

        var gcc = await CLayout.QueryAsync(
            "#include <linux/types.h>\n#include <linux/posix_types.h>\n#include <linux/socket.h>\n#include <stdint.h>\n#include <stddef.h>\n#include <sys/types.h>",
            [.. expressions]);
        var differences = expressions.Select((e, i) => ours[i] == gcc[i] ? null : $"{e}: reader {ours[i]}, gcc {gcc[i]}").Where(d => d is not null).ToArray();
        Assert.True(differences.Length == 0, string.Join("\n", differences));
    }

    [Theory]
    [InlineData("signed unsigned int")]
    [InlineData("long short")]
    [InlineData("char int")]
    [InlineData("unsigned float")]
    [InlineData("long long long")]
    [InlineData("int int")]
    [InlineData("_Bool int")]
    public void Keyword_combinations_C_does_not_have_are_not_types(string words) =>
        Assert.Null(CBuiltinTypes.FromKeywords(words.Split(' ')));
}
