using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KernelConnector.Protocol;

namespace KernelConnector.Transport;

/// <summary>
/// A second socket that ends a receive loop's nap. On a busy stream the loop wakes once per
/// datagram, and each wake-up costs the kernel about as much as the datagram it delivers; with a
/// doorbell the loop sleeps after each batch instead, up to a delay, and the kernel, filtering for
/// each listener, copies to the doorbell only the datagrams that must not wait (a process
/// event source: the execs, whose command line is gone when a short-lived program exits). The
/// stream itself, its order, numbering and loss accounting stay on the main socket.
/// </summary>
internal sealed unsafe class Doorbell : IDisposable
{
    // Doorbell datagrams are small and drained a call's worth at each ring; a handful of slots
    // suffices (a slot's pages are touched only when a datagram fills them).
    private const int Capacity = 16;

    // Rings in one nap before the main socket is read anyway: each ring may leave a read-ahead
    // waiting for its exec to be taken from the main socket, and their store is bounded.
    private const int MaxRingsPerNap = 64;

    private readonly ConnectorSocket _socket;
    private readonly TimeSpan _delay;
    private ReceiveBatch? _ring;

    public Doorbell(ConnectorSocket socket, TimeSpan delay)
    {
        _socket = socket;
        _delay = delay;
    }

    /// <summary>The socket the kernel rings; it belongs to whoever attached it.</summary>
    public ConnectorSocket Socket => _socket;

    /// <summary>
    /// Sleeps until the delay passes or the loop's wake-up descriptor is written. Each ring meanwhile
    /// is drained at once, its datagrams shown to a previewing dispatcher (which acts on them
    /// before the same datagrams are taken from the main socket); when the preview is all that
    /// must not wait (<see cref="IBatchPreview.NapsThroughRings"/>) the nap goes on, so the main
    /// socket's datagrams are taken once per delay in one batch, not once per ring. Returns how
    /// many times it rang.
    /// </summary>
    // Optimized at its first call, as the receive loop that calls it (ConnectorSocket.DrainSocket).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Wait(int doorbell, int wake, IConnectorDispatcher dispatcher)
    {
        var fds = stackalloc Native.PollFd[2];
        var preview = dispatcher as IBatchPreview;
        var napsThrough = preview is { NapsThroughRings: true };
        var rings = 0;
        var start = Stopwatch.GetTimestamp();
        while (rings < MaxRingsPerNap)
        {
            var left = _delay - Stopwatch.GetElapsedTime(start);
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            fds[0] = new Native.PollFd { Fd = doorbell, Events = Native.PollIn };
            fds[1] = new Native.PollFd { Fd = wake, Events = Native.PollIn };
            var timeout = Native.TimeSpec.From(left);
            if (Native.PPoll(fds, 2, &timeout, null) <= 0 || fds[1].Revents != 0 || fds[0].Revents == 0)
            {
                // The delay passed, a signal came, or the loop is being woken to stop: back to the loop.
                break;
            }

            Drain(doorbell, preview);
            rings++;
            if (!napsThrough)
            {
                break;
            }
        }

        return rings;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Drain(int doorbell, IBatchPreview? preview)
    {
        // One call: the ring has done its job once it woke the loop, and the main socket's batch,
        // taken next, previews whatever more is queued. (What stays queued here rings the next nap
        // awake at once.)
        _ring ??= new ReceiveBatch(Capacity);
        var received = _ring.ReceiveQueued(doorbell, out var error);
        if (received < 0 && error == Native.ENOBUFS)
        {
            // The doorbell's own queue overflowed: rings were dropped, never the stream's
            // datagrams, which the main socket holds.
            received = _ring.ReceiveQueued(doorbell, out _);
        }

        // Anything else (EAGAIN: nothing left) ends the drain; the main socket's loop reports its own failures.
        for (var i = 0; preview is not null && i < received; i++)
        {
            if (!_ring.IsTruncated(i))
            {
                preview.Preview(_ring.Datagram(i), _ring.Sender(i), rung: true);
            }
        }
    }

    /// <summary>Frees the ring buffer (the socket is its owner's to close).</summary>
    public void Dispose()
    {
        _ring?.Dispose();
        _ring = null;
    }
}
