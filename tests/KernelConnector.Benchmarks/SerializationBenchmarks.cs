using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using KernelConnector.ProcessEvents;
using KernelConnector.Wire;
using MemoryPack;

namespace KernelConnector.Benchmarks;

/// <summary>
/// Writing and reading one payload: the generated code against the memcpy limit
/// (<c>MemoryMarshal</c>), the classic interop way (<c>Marshal</c>), hand-written
/// <c>BinaryPrimitives</c> and MemoryPack. Payloads sit at offset 36 of a buffer, where a
/// connector payload sits in a datagram (4-aligned, not 8).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public unsafe class SerializationBenchmarks
{
    private const int Offset = Connector.PayloadOffset;
    private readonly byte[] _buffer = new byte[4096];
    private readonly byte[] _trailing = new byte[1024];
    private readonly ArrayBufferWriter<byte> _packWriter = new(4096);
    private readonly IntPtr _native = Marshal.AllocHGlobal(48 * Batch);
    private Sample48 _sample;
    private ProcEvent _proc;
    private Marshalled48 _marshalled;
    private byte[] _packedSample = [];

    [GlobalSetup]
    public void Setup()
    {
        _sample = new Sample48 { Kind = 7, Stamp = 0x1122334455667788, Port = 80, Flags = 1 };
        _sample.Values[2] = 42;
        _sample.Name[0] = (byte)'k';
        _proc = new ProcEvent { What = ProcEventKind.Exit, Cpu = 1, TimestampNs = 123456789 };
        _proc.Exit.ProcessPid = 4242;
        _proc.Exit.ProcessTgid = 4242;
        _marshalled = new Marshalled48 { Kind = 7, Stamp = 0x1122334455667788, Port = 80, Flags = 1, Values = new int[4], Name = new byte[12] };
        Random.Shared.NextBytes(_trailing);
        Sample48.Write(_sample, default, _buffer.AsSpan(Offset));
        Marshal.StructureToPtr(_marshalled, _native, false);
        _packedSample = MemoryPackSerializer.Serialize(_sample);
    }

    [GlobalCleanup]
    public void Cleanup() => Marshal.FreeHGlobal(_native);

    // ---- write, 48 bytes ----
    // One write is a single 48-byte store, shorter than BenchmarkDotNet can time on its own (it
    // reports "indistinguishable from an empty method"); every method here writes a datagram's
    // worth of messages instead, one netlink message (36 + 48 bytes) apart, and is reported per write.
    private const int Batch = 32;
    private const int Stride = Connector.PayloadOffset + 48;

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch), BenchmarkCategory("Write48")]
    public int Write48_MemoryMarshal()
    {
        // The same loop as the generated Write's below, down to summing what was written.
        var buffer = _buffer.AsSpan();
        var written = 0;
        for (var i = 0; i < Batch; i++)
        {
            MemoryMarshal.Write(buffer[(Offset + (i * Stride))..], in _sample);
            written += Unsafe.SizeOf<Sample48>();
        }

        return written;
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Write48")]
    public int Write48_Generated()
    {
        var buffer = _buffer.AsSpan();
        var written = 0;
        for (var i = 0; i < Batch; i++)
        {
            written += Sample48.Write(_sample, default, buffer[(Offset + (i * Stride))..]);
        }

        return written;
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Write48")]
    public void Write48_MarshalStructureToPtr()
    {
        for (var i = 0; i < Batch; i++)
        {
            Marshal.StructureToPtr(_marshalled, _native + (i * 48), false);
        }
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Write48")]
    public int Write48_BinaryPrimitives()
    {
        var buffer = _buffer.AsSpan();
        var written = 0;
        for (var i = 0; i < Batch; i++)
        {
            written += WriteByHand(in _sample, buffer[(Offset + (i * Stride))..]);
        }

        return written;
    }

    private static int WriteByHand(in Sample48 sample, Span<byte> destination)
    {
        var span = destination[..48];
        BinaryPrimitives.WriteUInt32LittleEndian(span, sample.Kind);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], sample.Reserved);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], sample.Stamp);
        BinaryPrimitives.WriteUInt16LittleEndian(span[16..], sample.Port);
        span[18] = sample.Flags;
        span[19] = sample.Pad;
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[(20 + (i * 4))..], sample.Values[i]);
        }

        ((ReadOnlySpan<byte>)sample.Name).CopyTo(span[36..]);
        return 48;
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Write48")]
    public int Write48_MemoryPack()
    {
        _packWriter.ResetWrittenCount();
        for (var i = 0; i < Batch; i++)
        {
            MemoryPackSerializer.Serialize(_packWriter, in _sample);
        }

        return _packWriter.WrittenCount;
    }

    // ---- read, 48 bytes ----
    [Benchmark(Baseline = true), BenchmarkCategory("Read48")]
    public ulong Read48_MemoryMarshal() => Sum(MemoryMarshal.Read<Sample48>(_buffer.AsSpan(Offset)));

    [Benchmark, BenchmarkCategory("Read48")]
    public ulong Read48_GeneratedView() => Sum(in Sample48.View(_buffer.AsSpan(Offset, Sample48.Size)));

    [Benchmark, BenchmarkCategory("Read48")]
    public ulong Read48_GeneratedTryRead() => Sample48.TryRead(_buffer.AsSpan(Offset, Sample48.Size), out var m) ? Sum(in m) : 0;

    [Benchmark, BenchmarkCategory("Read48")]
    public ulong Read48_MarshalPtrToStructure()
    {
        var m = Marshal.PtrToStructure<Marshalled48>(_native);
        return m.Kind + m.Reserved + m.Stamp + m.Port + m.Flags + m.Pad + (ulong)(m.Values[0] + m.Values[1] + m.Values[2] + m.Values[3]) + m.Name[0] + m.Name[11];
    }

    [Benchmark, BenchmarkCategory("Read48")]
    public ulong Read48_BinaryPrimitives()
    {
        var span = _buffer.AsSpan(Offset, 48);
        var m = new Sample48
        {
            Kind = BinaryPrimitives.ReadUInt32LittleEndian(span),
            Reserved = BinaryPrimitives.ReadUInt32LittleEndian(span[4..]),
            Stamp = BinaryPrimitives.ReadUInt64LittleEndian(span[8..]),
            Port = BinaryPrimitives.ReadUInt16LittleEndian(span[16..]),
            Flags = span[18],
            Pad = span[19],
        };
        for (var i = 0; i < 4; i++)
        {
            m.Values[i] = BinaryPrimitives.ReadInt32LittleEndian(span[(20 + (i * 4))..]);
        }

        span.Slice(36, 12).CopyTo(m.Name);
        return Sum(in m);
    }

    [Benchmark, BenchmarkCategory("Read48")]
    public ulong Read48_MemoryPack()
    {
        Sample48 m = default;
        MemoryPackSerializer.Deserialize(_packedSample, ref m);
        return Sum(in m);
    }

    // Every read touches every field, so that no reader can skip the work.
    private static ulong Sum(in Sample48 m) =>
        m.Kind + m.Reserved + m.Stamp + m.Port + m.Flags + m.Pad + (ulong)(m.Values[0] + m.Values[1] + m.Values[2] + m.Values[3]) + m.Name[0] + m.Name[11];

    // ---- proc_event, 40 bytes ----
    // Like the writes: 32 round trips one netlink message apart, reported per round trip.
    private const int ProcStride = Connector.PayloadOffset + 40;

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch), BenchmarkCategory("ProcEvent")]
    public int ProcEvent_MemoryMarshalRoundTrip()
    {
        var buffer = _buffer.AsSpan();
        var sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            var at = buffer[(Offset + (i * ProcStride))..];
            MemoryMarshal.Write(at, in _proc);
            sum += MemoryMarshal.Read<ProcEvent>(at).Exit.ProcessPid;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("ProcEvent")]
    public int ProcEvent_GeneratedWriteView()
    {
        var buffer = _buffer.AsSpan();
        var sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            var at = buffer[(Offset + (i * ProcStride))..];
            ProcEvent.Write(_proc, default, at);
            sum += ProcEvent.View(at[..ProcEvent.Size]).Exit.ProcessPid;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("ProcEvent")]
    public int ProcEvent_GeneratedWriteTryRead()
    {
        var buffer = _buffer.AsSpan();
        var sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            var at = buffer[(Offset + (i * ProcStride))..];
            ProcEvent.Write(_proc, default, at);
            sum += ProcEvent.TryRead(at[..ProcEvent.Size], out var ev) ? ev.Exit.ProcessPid : 0;
        }

        return sum;
    }

    // ---- 8 bytes + 1 KiB trailing ----
    [Benchmark(Baseline = true), BenchmarkCategory("Trailing1K")]
    public int Trailing_MemoryMarshalAndCopy()
    {
        var header = new WithTrailing { Kind = 1, Length = 1024 };
        MemoryMarshal.Write(_buffer.AsSpan(Offset), in header);
        _trailing.CopyTo(_buffer.AsSpan(Offset + 8));
        return 8 + _trailing.Length;
    }

    [Benchmark, BenchmarkCategory("Trailing1K")]
    public int Trailing_GeneratedWrite() =>
        WithTrailing.Write(new WithTrailing { Kind = 1, Length = 1024 }, _trailing, _buffer.AsSpan(Offset));
}
