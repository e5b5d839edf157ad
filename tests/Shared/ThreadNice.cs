using System.Globalization;
using System.IO;

namespace KernelConnector.Tests.Shared;

/// <summary>Nice values as the kernel reports them, per thread.</summary>
internal static class ThreadNice
{
    /// <summary>The calling thread's nice value.</summary>
    public static int Current() => Read("/proc/thread-self/stat");

    /// <summary>This process's own nice value: its main thread's (a test may go on on any thread, even a receive loop's).</summary>
    public static int Process() => Read("/proc/self/stat");

    /// <summary>The nice value of thread <paramref name="tid"/> of process <paramref name="pid"/>.</summary>
    public static int Of(int pid, int tid) => Read($"/proc/{pid}/task/{tid}/stat");

    // Field 19 of stat; the command name (field 2) may hold spaces and parentheses, so count from its end.
    private static int Read(string path)
    {
        var stat = File.ReadAllText(path);
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], CultureInfo.InvariantCulture);
    }
}
