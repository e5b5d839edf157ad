using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.DeviceMapper;
using KernelConnector.Testing;

namespace KernelConnector.Tests.DeviceMapper;

/// <summary>A <see cref="ToyLog"/> served by a <see cref="DmLogDaemon"/> on an in-memory connector whose kernel side is a <see cref="DmLogKernelEmulator"/>.</summary>
internal sealed class DaemonHarness : IAsyncDisposable
{
    private readonly InMemoryConnector _connector = new();
    private readonly InMemoryEndpoint _endpoint;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public DaemonHarness()
    {
        // One attempt, and a retry time-out no test reaches: every request here is answered.
        Kernel = new DmLogKernelEmulator(_connector, TimeSpan.FromSeconds(30), maxAttempts: 1);
        _endpoint = _connector.Open();
        _endpoint.CallbackError += (_, e) => CallbackErrors.Enqueue(e.Exception);
        Daemon = new DmLogDaemon(_endpoint, Toy.Handle);
        _running = Daemon.RunAsync(_stop.Token);
    }

    public InMemoryConnector Connector => _connector;

    public DmLogKernelEmulator Kernel { get; }

    public ToyLog Toy { get; } = new();

    public DmLogDaemon Daemon { get; }

    public ConcurrentQueue<Exception> CallbackErrors { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        await _endpoint.DisposeAsync();
        Kernel.Dispose();
        _connector.Dispose();
        _stop.Dispose();
    }
}
