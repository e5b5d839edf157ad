using System;
using System.IO;
using KernelConnector;
using KernelConnector.ProcessEvents;
using KernelConnector.Tests.Shared;
using KernelConnector.Wire;
using SharpFuzz;

// The receive path under AFL++: every input is one datagram, checked by ReceivePathCheck (shared
// with the property tests and the corpus replay test) against the reader, a router and a
// generated handler class. `seeds DIR` writes the seed corpus; `replay FILE...` checks files
// without the fuzzer (on a build that is not instrumented).
if (args is ["seeds", var directory])
{
    Seeds.Write(directory);
    return 0;
}

if (args is ["replay", .. var files])
{
    var failed = 0;
    var replay = FuzzHandlers.CreateCheck();
    var replayHandlers = new FuzzHandlers();
    foreach (var file in files)
    {
        try
        {
            replay.Run(File.ReadAllBytes(file), d => replayHandlers.Dispatch(d, 7));
        }
        catch (Exception e)
        {
            failed++;
            Console.Error.WriteLine($"{file}: {e}");
        }
    }

    Console.WriteLine($"{files.Length - failed} of {files.Length} input(s) passed");
    return failed == 0 ? 0 : 1;
}

// Instrumented code may run only inside the fuzzer's callback (before it, AFL++'s shared memory
// does not exist yet), so the check, its router and the handlers are made on the first input.
ReceivePathCheck? check = null;
FuzzHandlers? handlers = null;
Fuzzer.OutOfProcess.Run(stream =>
{
    check ??= FuzzHandlers.CreateCheck();
    handlers ??= new FuzzHandlers();
    using var memory = new MemoryStream();
    stream.CopyTo(memory);
    check.Run(memory.ToArray(), d => handlers.Dispatch(d, 7));
});
return 0;

internal static class Seeds
{
    public static void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var buffer = new byte[1024];
        void Save(string name, int length) => File.WriteAllBytes(Path.Combine(directory, name), buffer[..length]);

        foreach (ProcEventKind kind in Enum.GetValues<ProcEventKind>())
        {
            var ev = new ProcEvent { What = kind, Cpu = 1, TimestampNs = 42 };
            ev.Exit.ProcessPid = 100;
            Save($"proc-{kind}".ToLowerInvariant(), ConnectorDatagram.Write(buffer, ev, default, 7, 0));
        }

        Save("fuzz-trailing", ConnectorDatagram.Write(buffer, new FuzzMessage { Kind = 1, Ready = true, Port = 80 }, "trailing bytes"u8, 1, 2));
        Save("unrouted", ConnectorDatagram.Write(buffer, new CbId(99, 9), 1, 2, [1, 2, 3]));

        // Several messages in one datagram, with alignment padding between them.
        var offset = ConnectorDatagram.Write(buffer, new FuzzMessage { Kind = 2 }, [9], 1, 0);
        offset = Netlink.Align(offset);
        offset += ConnectorDatagram.Write(buffer.AsSpan(offset), new ProcEvent { What = ProcEventKind.Fork }, default, 2, 0);
        offset = Netlink.Align(offset);
        offset += ConnectorDatagram.Write(buffer.AsSpan(offset), new CbId(3, 1), 3, 0, new byte[5]);
        Save("multi", offset);
    }
}
