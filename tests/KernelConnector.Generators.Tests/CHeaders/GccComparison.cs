using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Generators.CHeaders;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Generators.Tests.CHeaders;

/// <summary>
/// Compares the reader's layout of structs with gcc's: the size and alignment of each struct, and
/// the offset, size and signedness of every member at any depth (through anonymous members and
/// into the first element of arrays of structs), in one C program per call.
/// </summary>
internal static class GccComparison
{
    /// <summary>Every difference between the reader and gcc, as "expression: reader X, gcc Y"; and how many facts were compared.</summary>
    public static async Task<(int Compared, IReadOnlyList<string> Differences)> CompareAsync(string includes, CHeaderSet headers, IEnumerable<(CHeaderFile File, string Struct)> structs)
    {
        var rows = new List<(string Expression, long Reader)>();
        foreach (var (file, name) in structs)
        {
            var resolution = headers.Resolve(file, name);
            Assert.True(resolution.Node is not null, $"{name}: {resolution.Problem?.Message} ({resolution.ProblemFile?.Name}:{resolution.Problem?.Line})");
            var node = resolution.Node!;
            var type = $"{(node.Kind == CNodeKind.Union ? "union" : "struct")} {name}";
            rows.Add(($"sizeof({type})", node.Size));
            rows.Add(($"_Alignof({type})", node.Alignment));
            Walk(node, type, "", 0, rows);
        }

        var gcc = await CLayout.QueryAsync(includes, rows.Select(r => r.Expression).ToArray());
        var differences = rows.Zip(gcc, (row, c) => row.Reader == c ? null : $"{row.Expression}: reader {row.Reader}, gcc {c}")
            .Where(d => d is not null)
            .Select(d => d!)
            .ToArray();
        return (rows.Count, differences);
    }

    private static void Walk(CNode node, string type, string path, long offset, List<(string, long)> rows)
    {
        foreach (var member in node.Members)
        {
            var memberPath = member.Name.Length == 0 ? path : path.Length == 0 ? member.Name : path + "." + member.Name;
            var at = offset + member.Offset;
            if (member.Name.Length > 0)
            {
                var access = $"((({type} *)0)->{memberPath})";
                rows.Add(($"offsetof({type}, {memberPath})", at));
                if (!member.IsFlexible)
                {
                    rows.Add(($"sizeof{access}", member.Size));
                }

                if (member.Kind == CNodeKind.Scalar && member.Signedness is CSignedness.Signed or CSignedness.Unsigned)
                {
                    rows.Add(($"((__typeof__{access})-1 < 0)", member.Signedness == CSignedness.Signed ? 1 : 0));
                }

                if (member.Kind == CNodeKind.Array && member.Element is { } element)
                {
                    var inner = element;
                    var index = memberPath + "[0]";
                    while (inner.Kind == CNodeKind.Array && inner.Element is { } next)
                    {
                        inner = next;
                        index += "[0]";
                    }

                    if (!member.IsFlexible && member.Length > 1)
                    {
                        rows.Add(($"offsetof({type}, {memberPath}[1])", at + element.Size));
                    }

                    if (inner.IsRecord)
                    {
                        Walk(inner, type, index, at, rows);
                    }
                }
            }

            if (member.IsRecord)
            {
                Walk(member, type, memberPath, at, rows);
            }
        }
    }

    public static string Describe(IReadOnlyList<string> differences) =>
        string.Join("\n", differences.Take(40)) + (differences.Count > 40 ? string.Format(CultureInfo.InvariantCulture, "\n... {0} more", differences.Count - 40) : "");
}
