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
/// 48-byte messages; the KernelConnector receive loop and a plain C recv() loop receive the same
/// stream in the same run. Reports messages received and lost, and CPU time per message.
/// </summary>
internal static class EndToEndBenchmark
{
    private const uint Group = 30;

    public static async Task<int> RunAsync(long count)
    {
        var work = Directory.CreateTempSubdirectory("kc-e2e-").FullName;
        var sender = await CompileAsync(work, "sender", CPrograms.Sender);
        var receiver = await CompileAsync(work, "receiver", CPrograms.Receiver);

        var counter = new Counter();
        var router = new ConnectorRouter();
        router.Add((in ReceivedConnectorMessage<Sample48> m) => counter.Observe(m.Seq));
        await using var socket = ConnectorSocket.Open(new ConnectorEndpointOptions { ReceiveBufferSize = 8 << 20, Groups = [Group] });
        using var stop = new CancellationTokenSource();
        var loop = socket.RunAsync(router, stop.Token);

        var ready = Path.Combine(work, "ready");
        using var c = Process.Start(new ProcessStartInfo(receiver, [Group.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture), ready]) { RedirectStandardOutput = true })!;
        while (!File.Exists(ready))
        {
            await Task.Delay(10);
        }

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        using (var s = Process.Start(sender, [Group.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture)]))
        {
            await s.WaitForExitAsync();
        }

        var sent = clock.Elapsed;
        var idle = Stopwatch.StartNew();
        long seen = -1;
        while (counter.Received < count && idle.Elapsed < TimeSpan.FromSeconds(3))
        {
            if (counter.Received != seen)
            {
                seen = counter.Received;
                idle.Restart();
            }

            await Task.Delay(20);
        }

        // Only the receive loop's own work: the idle wait above spends (almost) nothing.
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        stop.Cancel();
        await loop;
        var cLine = (await c.StandardOutput.ReadToEndAsync()).Trim().Split(' ');
        await c.WaitForExitAsync();

        var stats = socket.Statistics;
        var cReceived = long.Parse(cLine[0], CultureInfo.InvariantCulture);
        var cCpu = double.Parse(cLine[3], CultureInfo.InvariantCulture);
        Console.WriteLine($"stream: {count:N0} messages of 48 bytes multicast by a C sender in {sent.TotalSeconds:0.00} s ({count / sent.TotalSeconds:N0}/s)");
        Console.WriteLine();
        Console.WriteLine("| receiver | received | lost (gaps) | overruns | CPU s | CPU ns/message | ratio |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine($"| C recv() loop (baseline) | {cReceived:N0} | {long.Parse(cLine[1], CultureInfo.InvariantCulture):N0} | {cLine[2]} | {cCpu:0.000} | {cCpu / Math.Max(1, cReceived) * 1e9:0} | 1.00 |");
        Console.WriteLine($"| KernelConnector RunAsync + router | {counter.Received:N0} | {stats.SequenceGaps:N0} | {stats.Overruns} | {cpu:0.000} | {cpu / Math.Max(1, counter.Received) * 1e9:0} | {cpu / Math.Max(1, counter.Received) / (cCpu / Math.Max(1, cReceived)):0.00} |");
        Directory.Delete(work, recursive: true);
        return counter.Received == count && cReceived == count ? 0 : 2;
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
}
