using System;
using System.IO;
using System.Text;
using KernelConnector.ProcessEvents;
using KernelConnector.Tests.ProcessEvents.Table;
using ProcMonitor;
using Xunit;

namespace KernelConnector.Tests.Samples;

/// <summary>
/// ProcMonitor's text lines, byte for byte, from records a table built from events; and what a
/// line costs: a storm prints three a process, so a line allocates nothing.
/// </summary>
public sealed class ProcMonitorEventWriterTests : IDisposable
{
    private static readonly DateTime At = new(2026, 11, 27, 12, 34, 56, 789, DateTimeKind.Local);

    private readonly FakeProc _proc = new();

    public void Dispose() => _proc.Dispose();

    [Fact]
    public void Lines_are_aligned_under_the_header_byte_for_byte()
    {
        var (table, fork, exec, exit, rename) = Lifecycle(pid: 4_194_303, comm: "worker-process");
        var output = new MemoryStream();
        using (var writer = new EventWriter(output, json: false, extra: false))
        {
            writer.Write(fork, Line(EventClass.Fork, "fork", 4_194_303, table.Apply(fork)));
            var process = table.Apply(exec);
            writer.Write(exec, Line(EventClass.Exec, "exec", 4_194_303, process));
            writer.Write(rename, Line(EventClass.Comm, "comm", 4_194_303, table.Apply(rename)));
            process = table.Apply(exit);
            writer.Write(exit, Line(EventClass.Exit, "exit", 4_194_303, process, process!.Duration));
        }

        Assert.Equal(
            "Time         Event       PID Info                      Duration Process\n" +
            "12:34:56.789 fork    4194303 parent 100                         bash\n" +
            "12:34:56.789 exec    4194303                                    sleep 1\n" +
            // Info longer than its column takes the Duration column's room; Process stays put.
            "12:34:56.789 comm    4194303 worker-process -> renamed-proces2  sleep 1\n" +
            "12:34:56.789 exit    4194303 exit 3                      1.235s sleep 1\n",
            Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public void Extra_columns_right_align_the_parent_cut_the_container_and_show_what_is_unknown_as_a_question_mark()
    {
        var (table, fork, _, _, _) = Lifecycle(pid: 200, comm: "sleep");
        var output = new MemoryStream();
        using (var writer = new EventWriter(output, json: false, extra: true))
        {
            var child = table.Apply(fork)!;
            writer.Write(fork, Line(EventClass.Fork, "fork", 200, child));
            writer.Write(fork, Line(EventClass.Fork, "fork", 200, null));

            // A uid without a name, and a docker container: its id cut as docker ps cuts it.
            child.SetUser(4_000_000_000, 4_000_000_000, null, ProcessCredentialSource.ProcStatus);
            child.Container = new ProcessContainer(ContainerRuntime.Docker, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
            writer.Write(fork, Line(EventClass.Fork, "fork", 200, child));
        }

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n');
        Assert.Equal("Time         Event       PID     PPID User       Container    Info                      Duration Process", lines[0]);
        Assert.Equal("12:34:56.789 fork        200      100 root       -            parent 100                         bash", lines[1]);
        Assert.Equal("12:34:56.789 fork        200        ? ?          -            parent 100                         <unknown>", lines[2]);
        Assert.Equal("12:34:56.789 fork        200      100 4000000000 0123456789ab parent 100                         bash", lines[3]);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void A_line_allocates_nothing(bool json, bool extra)
    {
        // Stream.Null below the writer's own buffers: only the line's own work is measured.
        using var writer = new EventWriter(Stream.Null, json, extra);
        var (table, fork, exec, exit, rename) = Lifecycle(pid: 1_234_567, comm: "sleep");
        var child = table.Apply(fork);
        var process = table.Apply(exec);
        table.Apply(rename);
        table.Apply(exit);

        // And one whose user has no name (its uid is written) in a container (its id is cut).
        var (other, otherFork, _, _, _) = Lifecycle(pid: 2_345_678, comm: "sleep");
        var contained = other.Apply(otherFork)!;
        contained.SetUser(4_000_000_000, 4_000_000_000, null, ProcessCredentialSource.ProcStatus);
        contained.Container = new ProcessContainer(ContainerRuntime.Docker, new string('f', 64));
        var lines = new[]
        {
            (fork, Line(EventClass.Fork, "fork", 1_234_567, child)),
            (exec, Line(EventClass.Exec, "exec", 1_234_567, process)),
            (exit, Line(EventClass.Exit, "exit", 1_234_567, process, process!.Duration)),
            (otherFork, Line(EventClass.Fork, "fork", 2_345_678, contained)),
            (rename, Line(EventClass.Comm, "comm", 1_234_567, process)),
        };
        // Past the first fill of the writer's 64 Ki-character buffer, which allocates its byte
        // buffer once.
        for (var i = 0; i < 1_000; i++)
        {
            foreach (var (ev, line) in lines)
            {
                writer.Write(ev, line);
            }
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            foreach (var (ev, line) in lines)
            {
                writer.Write(ev, line);
            }
        }

        // Each right-aligned column was once inserted after the fact: 640 bytes a line.
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_stream_on_a_file_of_its_own_closes_it_and_refuses_a_write_after_that()
    {
        var path = Path.Combine(_proc.Root, "lines");
        File.WriteAllBytes(path, []);
        var stream = DescriptorStream.Open(path);
        stream.Write("one line\n"u8);
        stream.Dispose();

        Assert.Equal("one line\n", File.ReadAllText(path));
        // Not a write to whatever descriptor took the number since.
        Assert.Throws<ObjectDisposedException>(() => stream.Write("late\n"u8));
        Assert.Equal("one line\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_stream_on_an_inherited_descriptor_leaves_it_open()
    {
        var path = Path.Combine(_proc.Root, "inherited");
        using var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write);
        using (var stream = new DescriptorStream((int)handle.DangerousGetHandle(), throwOnFailure: true))
        {
            stream.Write("from the stream\n"u8);
        }

        // Still open: its owner writes on after the stream is gone.
        RandomAccess.Write(handle, "and after it\n"u8, fileOffset: 16);
        Assert.Equal("from the stream\nand after it\n", File.ReadAllText(path));
    }

    private static EventLine Line(EventClass cls, string name, int pid, ProcessRecord? process, TimeSpan? duration = null) =>
        new(cls, name, pid, At, process, duration);

    [Fact]
    public void Names_with_control_characters_are_escaped_in_every_column()
    {
        var (table, fork, exec, _, _) = Lifecycle(pid: 300, comm: "evil\u001b[31m");
        _proc.Add(300, 100, "evil\u001b[31m", ["printf", "a\nb", "\\"], startTicks: 1_000); // its exec's program
        table.Apply(fork);
        var process = table.Apply(exec)!;
        var rename = FakeProc.Comm(300, 300, "x\ty", 10_000_000_500);
        table.Apply(rename);
        var output = new MemoryStream();
        using (var writer = new EventWriter(output, json: false, extra: false))
        {
            writer.Write(rename, Line(EventClass.Comm, "comm", 300, process));
        }

        Assert.Equal(
            "12:34:56.789 comm        300 evil\\x1b[31m -> x\\ty               printf a\\nb \\\\\n",
            Encoding.UTF8.GetString(output.ToArray()).Split('\n', 2)[1]);
    }

    /// <summary>bash (100) forks <paramref name="pid"/>, which execs "sleep 1", is renamed, and exits with status 3 1.2345 s after its fork.</summary>
    private (ProcessTable Table, ProcEvent Fork, ProcEvent Exec, ProcEvent Exit, ProcEvent Rename) Lifecycle(int pid, string comm)
    {
        _proc.Add(100, 1, "bash", ["bash"], startTicks: 500);
        var table = _proc.NewTable();
        table.Seed();

        // Forked 10 s after boot: its start time in clock ticks (100 a second) is 1,000.
        const ulong start = 10_000_000_000;
        _proc.Add(pid, 100, comm, ["sleep", "1"], startTicks: 1_000);
        return (table,
            FakeProc.Fork(100, pid, pid, start),
            FakeProc.Exec(pid, start + 1_000),
            FakeProc.Exit(pid, pid, start + 1_234_500_000, status: 3, parentTgid: 100),
            FakeProc.Comm(pid, pid, "renamed-proces2", start + 2_000));
    }
}
