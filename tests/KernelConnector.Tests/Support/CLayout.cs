using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace KernelConnector.Tests.Support;

/// <summary>Asks the C compiler for sizes and offsets, so that struct layouts are checked against C's, not against our own idea of it.</summary>
internal static class CLayout
{
    /// <summary>Evaluates each expression (<c>sizeof(struct cn_msg)</c>, <c>offsetof(struct proc_event, cpu)</c>) after the includes.</summary>
    public static async Task<long[]> QueryAsync(string includes, params string[] expressions)
    {
        var source = new StringBuilder();
        source.AppendLine("#include <stdio.h>");
        source.AppendLine("#include <stddef.h>");
        source.AppendLine(includes);
        source.AppendLine("int main(void) {");
        foreach (var expression in expressions)
        {
            source.AppendLine(CultureInfo.InvariantCulture, $"    printf(\"%ld\\n\", (long)({expression}));");
        }

        source.AppendLine("    return 0;");
        source.AppendLine("}");
        var text = source.ToString();
        var binary = await CProgram.CompileAsync("layout", text);
        var result = await ProcessRunner.RunAsync(binary, [], System.IO.Path.GetTempPath());
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"The layout probe failed: {result}");
        }

        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => long.Parse(l, CultureInfo.InvariantCulture)).ToArray();
    }
}
