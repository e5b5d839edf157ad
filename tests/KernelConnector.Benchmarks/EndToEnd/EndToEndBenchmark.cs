using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.Transport;

namespace KernelConnector.Benchmarks.EndToEnd;

/// <summary>
/// End-to-end receive over the real kernel connector (root): a C sender multicasts a stream of
/// 48-byte messages; the KernelConnector receive loop, a plain C recv() loop and a C recvmmsg()
/// loop (batch 64, MSG_WAITFORONE, 64 KiB per datagram, as the KernelConnector loop) receive the same
/// stream in the same run. Reports messages received and lost, and CPU time per message.
/// </summary>
internal static class EndToEndBenchmark
{
    private const uint Group = 30;

    private const int CBatch = 64;
    private const long WarmUp = 200_000;

    // The napping C receiver's sleep after a short batch: at this stream's 170,000-340,000
    // messages a second, a millisecond fills most of a 64-slot batch.
    private const int NapMicroseconds = 1000;

    public static async Task<int> RunAsync(long count, bool oneDatagramPerCall, bool nap)
    {
        var work = Directory.CreateTempSubdirectory("kc-e2e-").FullName;
        var sender = await CompileAsync(work, "sender", CPrograms.Sender);
        var receiver = await CompileAsync(work, "receiver", CPrograms.Receiver);
        var batchReceiver = await CompileAsync(work, "batch-receiver", CPrograms.BatchReceiver);

        var counter = new Counter();
        var router = new ConnectorRouter();
        router.Add((in ReceivedConnectorMessage<Sample48> m) => counter.Observe(m.Seq));
        await using var socket = ConnectorSocket.Open(new ConnectorEndpointOptions
        {
            ReceiveBufferSize = 8 << 20,
            Groups = [Group],
            // "nap": the loop sleeps as the napping C receiver does (ReceiveBatchDelay).
            ReceiveBatchDelay = nap ? TimeSpan.FromMicroseconds(NapMicroseconds) : TimeSpan.Zero,
        });
        using var stop = new CancellationTokenSource();
        // The fallback where recvmmsg is refused: one recvfrom per datagram, the loop as it was before batches.
        socket.RefuseBatchForTests = oneDatagramPerCall;
        var loop = socket.RunAsync(router, stop.Token);

        // A warm-up stream before the C receivers start, so that the measured stream finds the
        // managed loop compiled at its final tier: a C loop has no JIT to pay for.
        await SendAsync(sender, WarmUp);
        await WaitForAsync(counter, WarmUp);
        var warm = counter.Received;
        var warmStats = socket.Statistics;
        var warmCalls = socket.ReceiveCalls.Batched + socket.ReceiveCalls.Single;

        var ready = Path.Combine(work, "ready");
        var batchReady = Path.Combine(work, "batch-ready");
        var napReady = Path.Combine(work, "nap-ready");
        var group = Group.ToString(CultureInfo.InvariantCulture);
        var total = count.ToString(CultureInfo.InvariantCulture);
        using var c = Process.Start(new ProcessStartInfo(receiver, [group, total, ready]) { RedirectStandardOutput = true })!;
        using var cBatch = Process.Start(new ProcessStartInfo(batchReceiver, [group, total, batchReady, CBatch.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true })!;
        using var cNap = Process.Start(new ProcessStartInfo(batchReceiver, [group, total, napReady, CBatch.ToString(CultureInfo.InvariantCulture), NapMicroseconds.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true })!;
        while (!File.Exists(ready) || !File.Exists(batchReady) || !File.Exists(napReady))
        {
            await Task.Delay(10);
        }

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var sent = await SendAsync(sender, count);
        await WaitForAsync(counter, warm + count);

        // Only the receive loop's own work: the idle wait above spends (almost) nothing.
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        stop.Cancel();
        await loop;
        var cr = await CReceiver.ReadAsync(c);
        var br = await CReceiver.ReadAsync(cBatch);
        var nr = await CReceiver.ReadAsync(cNap);

        var stats = socket.Statistics;
        var received = counter.Received - warm;
        var gaps = stats.SequenceGaps - warmStats.SequenceGaps;
        var overruns = stats.Overruns - warmStats.Overruns;
        var perC = cr.PerMessage;
        var perBatch = br.PerMessage;
        var perKc = cpu / Math.Max(1, received);
        var kcCalls = socket.ReceiveCalls.Batched + socket.ReceiveCalls.Single - warmCalls;
        void CRow(string name, CReceiver r, string perCall) =>
            Console.WriteLine($"| {name} | {r.Received:N0} | {r.Lost:N0} | {r.Overruns} | {perCall} | {r.Cpu:0.000} | {r.PerMessage * 1e9:0} | {r.PerMessage / perC:0.00} | {r.PerMessage / perBatch:0.00} |");
        Console.WriteLine($"stream: {count:N0} messages of 48 bytes multicast by a C sender in {sent.TotalSeconds:0.00} s ({count / sent.TotalSeconds:N0}/s)");
        Console.WriteLine();
        Console.WriteLine("| receiver | received | lost (gaps) | overruns | messages/call | CPU s | CPU ns/message | ratio to recv() | ratio to recvmmsg() |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        CRow("C recv() loop (baseline)", cr, "1.0");
        CRow($"C recvmmsg() loop, batch {CBatch}", br, br.PerCall);
        Console.WriteLine($"| KernelConnector RunAsync + router{(oneDatagramPerCall ? ", one recvfrom per datagram" : "")}{(nap ? $", ReceiveBatchDelay {NapMicroseconds} µs" : "")} | {received:N0} | {gaps:N0} | {overruns} | {received / (double)Math.Max(1, kcCalls):0.0} | {cpu:0.000} | {perKc * 1e9:0} | {perKc / perC:0.00} | {perKc / perBatch:0.00} |");
        CRow($"C recvmmsg() loop, batch {CBatch}, {NapMicroseconds} µs nap after a short batch (not a baseline: the floor with fewer wake-ups)", nr, nr.PerCall);
        Directory.Delete(work, recursive: true);
        return received == count && cr.Received == count && br.Received == count ? 0 : 2;
    }

    private static async Task<TimeSpan> SendAsync(string sender, long count)
    {
        var clock = Stopwatch.StartNew();
        using var s = Process.Start(sender, [Group.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture)]);
        await s.WaitForExitAsync();
        return clock.Elapsed;
    }

    /// <summary>Waits until <paramref name="target"/> messages arrived or 3 s passed with none.</summary>
    private static async Task WaitForAsync(Counter counter, long target)
    {
        var idle = Stopwatch.StartNew();
        long seen = -1;
        while (counter.Received < target && idle.Elapsed < TimeSpan.FromSeconds(3))
        {
            if (counter.Received != seen)
            {
                seen = counter.Received;
                idle.Restart();
            }

            await Task.Delay(20);
        }
    }

    private static async Task<string> CompileAsync(string work, string name, string source)
    {
        var file = Path.Combine(work, name + ".c");
        await File.WriteAllTextAsync(file, source);
        var binary = Path.Combine(work, name);
        using var gcc = Process.Start("gcc", ["-O2", "-o", binary, file]);
        await gcc.WaitForExitAsync();
        if (gcc.ExitCode != 0)
        {
            throw new InvalidOperationException($"gcc could not build {name}.c (apt-get install gcc)");
        }

        return binary;
    }

    private sealed class Counter
    {
        // Written by the receive loop only, as the C loop counts: no interlocked operation per message.
        private long _received;

        public long Received => Volatile.Read(ref _received);

        public void Observe(uint seq) => _received++;
    }

    /// <summary>What a C receiver printed: "received lost overruns cpu_seconds [calls]".</summary>
    private readonly record struct CReceiver(long Received, long Lost, string Overruns, double Cpu, long Calls)
    {
        public double PerMessage => Cpu / Math.Max(1, Received);

        public string PerCall => (Received / (double)Math.Max(1, Calls)).ToString("0.0", CultureInfo.InvariantCulture);

        public static async Task<CReceiver> ReadAsync(Process process)
        {
            var f = (await process.StandardOutput.ReadToEndAsync()).Trim().Split(' ');
            await process.WaitForExitAsync();
            return new CReceiver(
                long.Parse(f[0], CultureInfo.InvariantCulture),
                long.Parse(f[1], CultureInfo.InvariantCulture),
                f[2],
                double.Parse(f[3], CultureInfo.InvariantCulture),
                f.Length > 4 ? long.Parse(f[4], CultureInfo.InvariantCulture) : 0);
        }
    }
}
