using System;
using System.IO;
using System.Threading.Tasks;

namespace KernelConnector.Tests.Support;

/// <summary>Compiles a small C program with gcc, once per source text, into a temp folder.</summary>
internal static class CProgram
{
    public static async Task<string> CompileAsync(string name, string source)
    {
        var dir = Path.Combine(Path.GetTempPath(), "kernelconnector-c", $"{name}-{(uint)source.GetHashCode():x8}");
        var binary = Path.Combine(dir, name);
        if (File.Exists(binary))
        {
            return binary;
        }

        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, name + ".c");
        await File.WriteAllTextAsync(file, source);
        var result = await ProcessRunner.RunAsync("gcc", ["-O2", "-Wall", "-Werror", "-o", binary + ".tmp", file], dir, timeout: TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"gcc could not compile {name}.c (install gcc: apt-get install gcc): {result}");
        }

        File.Move(binary + ".tmp", binary, overwrite: true);
        return binary;
    }
}
