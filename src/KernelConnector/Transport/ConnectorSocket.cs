using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.Protocol;
using KernelConnector.Wire;

namespace KernelConnector.Transport;

/// <summary>
/// A <c>NETLINK_CONNECTOR</c> socket: the kernel connector's "socket(); bind(); send(); recv();",
/// done properly. The kernel assigns the port id; sends are thread-safe and allocation-free; one
/// receive loop at a time dispatches every message of every datagram without allocating.
/// </summary>
public sealed class ConnectorSocket : ConnectorEndpoint
{
    // Datagrams taken per system call at most. Measured (docs/benchmarks.md): a stream of small
    // messages queues a handful per wake-up, so a larger batch only reserves more address space.
    private const int BatchCapacity = 64;

    // At most this many batches are taken, without waiting, after a stop that came during a nap:
    // what queued while the loop slept, not a stream that keeps coming.
    private const int FinalBatches = 64;

    // How long the loop waits in recv for the next datagram before it returns to poll: short, since
    // a close or a cancellation during that wait is noticed only when it ends.
    private const int DrainLingerMicroseconds = 20_000;

    // Owned descriptors: every system call leases them, so Dispose racing a send or a receive
    // loop that outlasts Close's wait never sees its descriptor closed (and perhaps reused by a file
    // opened meanwhile); a socket never disposed is closed by the handles' finalizers.
    private readonly SafeDescriptorHandle _socket;
    private readonly SafeDescriptorHandle _wake;
    private readonly TimeSpan _sendTimeout;
    private readonly Native.TimeSpec _batchDelay;

    // Set when recvmmsg is refused: the loop falls back to one recvfrom per datagram for good.
    private bool _batchRefused;

    // Ends the loop's naps early (AttachDoorbell); null when the loop wakes for every datagram.
    private Doorbell? _doorbell;

    private ConnectorSocket(SafeDescriptorHandle socket, SafeDescriptorHandle wake, uint portId, ConnectorEndpointOptions options, int receiveBufferSize)
        : base(portId, options)
    {
        _sendTimeout = options.SendTimeout;
        _batchDelay = Native.TimeSpec.From(options.ReceiveBatchDelay);
        _socket = socket;
        _wake = wake;
        ReceiveBufferSize = receiveBufferSize;
    }

    /// <summary>The socket's descriptor number, for tests that watch it (-1 once closed).</summary>
    internal int DescriptorForTests => _socket.IsClosed ? -1 : (int)_socket.DangerousGetHandle();

    /// <summary>Makes the batch receive behave as if the system refused it (<c>ENOSYS</c>), so that tests drive the fallback.</summary>
    internal bool RefuseBatchForTests { get; set; }

    /// <summary>The receive system calls the loop made, for tests (written by the loop only).</summary>
    internal ReceiveCallCounts ReceiveCalls;

    /// <summary>
    /// Lets the receive loop sleep up to <paramref name="delay"/> after each batch that did not
    /// fill, waking early when a datagram arrives on <paramref name="doorbell"/> (see
    /// <see cref="Doorbell"/>). Set before the loop starts; the caller keeps owning the doorbell
    /// and closes it after the loop has stopped.
    /// </summary>
    internal void AttachDoorbell(ConnectorSocket doorbell, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(delay, TimeSpan.Zero);
        _doorbell = new Doorbell(doorbell, delay);
    }

    /// <summary>Whether the loop fell back to one <c>recvfrom</c> per datagram (<c>recvmmsg</c> refused): it then never naps.</summary>
    internal bool ReceivesOneAtATime => _batchRefused;

    /// <summary>Holds this socket's descriptor open for another socket's receive loop (as its doorbell).</summary>
    internal bool TryLeaseDescriptor(out DescriptorLease lease) => _socket.TryLease(out lease);

    /// <summary>The receive buffer the kernel granted, in bytes (it reports twice what was asked, for its own bookkeeping).</summary>
    public int ReceiveBufferSize { get; }

    /// <summary>Opens and binds a connector socket.</summary>
    /// <exception cref="ConnectorUnavailableException">Not Linux, no connector in this kernel, or not allowed.</exception>
    public static unsafe ConnectorSocket Open(ConnectorEndpointOptions? options = null)
    {
        options ??= new ConnectorEndpointOptions();
        if (!OperatingSystem.IsLinux())
        {
            throw new ConnectorUnavailableException(ConnectorUnavailableReason.NotLinux,
                "The kernel connector is a Linux netlink protocol; this is not Linux. Use InMemoryConnector to run connector code elsewhere.");
        }

        foreach (var group in options.Groups)
        {
            CheckGroup(group);
        }

        if (options.ReceiveBatchDelay < TimeSpan.Zero || options.ReceiveBatchDelay > TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ReceiveBatchDelay,
                "ReceiveBatchDelay must be from 0 to 1 second: a receive loop that sleeps longer lets the queue overflow on any busy stream.");
        }

        var fd = Native.Socket(Native.AfNetlink, Native.SockDgram | Native.SockCloexec, Netlink.ProtocolConnector);
        if (fd < 0)
        {
            throw Unavailable(Marshal.GetLastPInvokeError(), "open a NETLINK_CONNECTOR socket");
        }

        var wake = -1;
        try
        {
            var address = new Native.SockaddrNl { Family = Native.AfNetlink };
            if (Native.Bind(fd, &address, sizeof(Native.SockaddrNl)) != 0)
            {
                throw Unavailable(Marshal.GetLastPInvokeError(), "bind the connector socket");
            }

            var length = sizeof(Native.SockaddrNl);
            if (Native.GetSockName(fd, &address, &length) != 0)
            {
                throw Unavailable(Marshal.GetLastPInvokeError(), "read the connector socket's port id");
            }

            var granted = options.ReceiveBufferSize > 0 ? SetReceiveBuffer(fd, options.ReceiveBufferSize) : GetReceiveBuffer(fd);
            if (options.SendTimeout > TimeSpan.Zero && options.SendTimeout != Timeout.InfiniteTimeSpan)
            {
                var limit = new Native.TimeVal
                {
                    Seconds = (nint)(options.SendTimeout.Ticks / TimeSpan.TicksPerSecond),
                    Microseconds = (nint)(options.SendTimeout.Ticks % TimeSpan.TicksPerSecond / 10),
                };
                Native.SetSockOpt(fd, Native.SolSocket, Native.SoSndtimeo, &limit, sizeof(Native.TimeVal));
            }

            // The receive loop blocks in recv for at most this long once messages flow, then goes
            // back to poll, where a close or a cancellation wakes it at once.
            var linger = new Native.TimeVal { Seconds = 0, Microseconds = DrainLingerMicroseconds };
            Native.SetSockOpt(fd, Native.SolSocket, Native.SoRcvtimeo, &linger, sizeof(Native.TimeVal));

            wake = Native.EventFd(0, Native.EfdCloexec | Native.EfdNonblock);
            if (wake < 0)
            {
                throw Unavailable(Marshal.GetLastPInvokeError(), "create the receive loop's wake-up descriptor");
            }

            var socket = new ConnectorSocket(new SafeDescriptorHandle(fd), new SafeDescriptorHandle(wake), address.PortId, options, granted);
            foreach (var group in options.Groups)
            {
                socket.JoinGroup(group);
            }

            return socket;
        }
        catch
        {
            Native.Close(fd);
            if (wake >= 0)
            {
                Native.Close(wake);
            }

            throw;
        }
    }

    /// <inheritdoc />
    public override void JoinGroup(uint group) => SetMembership(group, Netlink.AddMembership, "join");

    /// <inheritdoc />
    public override void LeaveGroup(uint group) => SetMembership(group, Netlink.DropMembership, "leave");

    private protected override Task ReceiveAsync(IConnectorDispatcher dispatcher, CancellationToken cancellationToken) =>
        // A dedicated thread blocks in poll(2) on the socket and a wake-up eventfd: no allocation,
        // no thread-pool hop per datagram, and cancellation or disposal wakes it at once.
        Task.Factory.StartNew(
            () => ReceiveLoop(dispatcher, cancellationToken),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    private unsafe void ReceiveLoop(IConnectorDispatcher dispatcher, CancellationToken cancellationToken)
    {
        // Both descriptors stay open while the loop runs, whatever Dispose does meanwhile.
        if (!_socket.TryLease(out var socketLease))
        {
            return;
        }

        using var socketHeld = socketLease;
        if (!_wake.TryLease(out var wakeLease))
        {
            return;
        }

        using var wakeHeld = wakeLease;
        var doorbell = _doorbell;
        var doorbellLease = default(DescriptorLease);
        if (doorbell is not null && !doorbell.Socket.TryLeaseDescriptor(out doorbellLease))
        {
            // Closed before the loop began: wake for every datagram.
            doorbell = null;
        }

        using var doorbellHeld = doorbellLease;
        var naps = doorbell is not null || (_batchDelay.Seconds | _batchDelay.Nanoseconds) != 0;
        var rings = new Rings(naps, doorbell, doorbellLease.Descriptor, wakeLease.Descriptor);
        var fd = socketLease.Descriptor;
        var batch = new ReceiveBatch(_batchRefused ? 1 : BatchCapacity);
        using var wake = cancellationToken.UnsafeRegister(static s => ((ConnectorSocket)s!).Wake(), this);
        try
        {
            var fds = stackalloc Native.PollFd[2];
            while (!cancellationToken.IsCancellationRequested && !IsDisposed)
            {
                fds[0] = new Native.PollFd { Fd = fd, Events = Native.PollIn };
                fds[1] = new Native.PollFd { Fd = wakeLease.Descriptor, Events = Native.PollIn };
                if (Native.Poll(fds, 2, -1) < 0)
                {
                    var error = Marshal.GetLastPInvokeError();
                    if (error == Native.EINTR)
                    {
                        continue;
                    }

                    throw new ConnectorUnavailableException(ConnectorUnavailableReason.Other, $"poll on the connector socket failed with errno {error}.", error);
                }

                if (fds[1].Revents != 0)
                {
                    break;
                }

                DrainSocket(fd, batch, rings, dispatcher, cancellationToken);
            }
        }
        finally
        {
            batch.Dispose();
            doorbell?.Dispose();
        }
    }

    /// <summary>Whether the loop naps after a short batch, and its doorbell, if any, with the descriptors it waits on while the loop holds them.</summary>
    private readonly record struct Rings(bool Naps, Doorbell? Doorbell, int DoorbellDescriptor, int WakeDescriptor);

    // Optimized at its first call, not tiered: the loop runs for the life of a stream, so on the
    // JIT it would start at tier 0 and be recompiled (on-stack replacement, then tier 1, with its
    // small callees) in the middle of the first storm, where the compile competes with the events
    // it delays. No effect with NativeAOT. (docs/benchmarks.md, issue 17)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DrainSocket(int fd, ReceiveBatch batch, Rings rings, IConnectorDispatcher dispatcher, CancellationToken cancellationToken)
    {
        // Set when a stop came during a nap: what was queued before it is still taken, without waiting.
        var finishing = false;
        var finalBatches = 0;
        while (finishing || (!IsDisposed && !cancellationToken.IsCancellationRequested))
        {
            // Blocking (up to the socket's receive time-out, see Open): while messages flow, one
            // system call per batch of queued datagrams instead of poll + receive + a receive that finds nothing.
            int received, error;
            if (finishing)
            {
                received = batch.ReceiveQueued(fd, out error);
                ReceiveCalls.Batched++;
            }
            else if (_batchRefused)
            {
                received = batch.ReceiveOne(fd, out error);
                ReceiveCalls.Single++;
            }
            else
            {
                received = RefuseBatchForTests ? Refused(out error) : batch.ReceiveMany(fd, out error);
                ReceiveCalls.Batched++;
            }

            if (received < 0)
            {
                switch (error)
                {
                    case Native.EAGAIN or Native.EINTR:
                        return;
                    case Native.ENOBUFS:
                        // The queue overflowed and the kernel dropped what did not fit; carry on.
                        // (An overrun met after a batch's first datagram ends that batch, and the
                        // kernel keeps it for the next call, so it is told here either way.)
                        Session.ReportOverrun();
                        continue;
                    case Native.ENOSYS or Native.EINVAL or Native.EPERM when !_batchRefused:
                        // No recvmmsg here (an old kernel, or a seccomp filter that refuses it):
                        // one datagram per call from now on, the buffer's first slot reused.
                        _batchRefused = true;
                        continue;
                    default:
                        throw new ConnectorUnavailableException(ConnectorUnavailableReason.Other, $"receiving on the connector socket failed with errno {error}.", error);
                }
            }

            ReceiveCalls.Largest = Math.Max(ReceiveCalls.Largest, received);
            // A batch of one too: its walk may be the first of the process (on the JIT, the first
            // exec after start waits for the whole dispatch path to compile), and the read-ahead
            // is the shortest path from the receive to the /proc read.
            if (dispatcher is IBatchPreview preview)
            {
                Preview(batch, received, preview);
            }

            // Every datagram taken from the kernel is walked, even when a cancellation arrives
            // meanwhile: it is no longer in the queue for a later loop, so stopping would lose it.
            for (var i = 0; i < received && !IsDisposed; i++)
            {
                if (batch.IsTruncated(i))
                {
                    // MSG_TRUNC reports the real length: the datagram did not fit and its tail is gone.
                    Session.ReportTruncated();
                    continue;
                }

                Session.Receive(batch.Datagram(i), batch.Sender(i), dispatcher);
            }

            if (finishing)
            {
                if (received < batch.Capacity || IsDisposed || ++finalBatches == FinalBatches)
                {
                    return;
                }

                continue;
            }

            if (_batchRefused || received == batch.Capacity || !rings.Naps)
            {
                // One datagram per call, more queued than one call takes, or no delay: no nap.
                continue;
            }

            ReceiveCalls.Naps++;
            if (rings.Doorbell is { } doorbell)
            {
                // Sleep for the delay, acting on each datagram that must not wait as it rings; the
                // blocking receive above then takes everything queued meanwhile at once.
                ReceiveCalls.Doorbells += doorbell.Wait(rings.DoorbellDescriptor, rings.WakeDescriptor, dispatcher);
            }
            else
            {
                // Wake less often: the queue fills while the thread sleeps, and the next call takes
                // a longer batch. Each wake-up costs the kernel about as much as the datagram it
                // delivers, so this trades latency for CPU (ReceiveBatchDelay).
                Nap();
            }

            // Stopped while asleep: the datagrams that queued meanwhile arrived before the stop,
            // and a loop that wakes for each would have delivered them. (Disposed: nothing to give them to.)
            finishing = cancellationToken.IsCancellationRequested && !IsDisposed;
        }
    }

    private unsafe void Nap()
    {
        var delay = _batchDelay;
        Native.NanoSleep(&delay, null);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the optimized loop: a loop of its own is not inlined otherwise
    private static void Preview(ReceiveBatch batch, int received, IBatchPreview preview)
    {
        for (var i = 0; i < received; i++)
        {
            if (!batch.IsTruncated(i))
            {
                preview.Preview(batch.Datagram(i), batch.Sender(i), rung: false);
            }
        }
    }

    private static int Refused(out int error)
    {
        error = Native.ENOSYS;
        return -1;
    }

    private protected override unsafe void SendWith<T>(in T message, ConnectorAddress to, ReadOnlySpan<byte> trailing, uint seq, uint ack)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var address = Address(to);
        ConnectorDatagram.CheckTrailing<T>(trailing.Length);
        var size = ConnectorDatagram.GetDatagramLength(T.Size + trailing.Length);
        byte[]? rented = null;
        var buffer = size <= 1024 ? stackalloc byte[size] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            // Oversize payloads throw here, before any byte reaches the socket.
            var length = ConnectorDatagram.Write(buffer, in message, trailing, seq, ack, netlinkPortId: PortId, netlinkSeq: seq);
            using (var socket = Lease())
            {
                fixed (byte* data = buffer)
                {
                    if (Native.SendTo(socket.Descriptor, data, (nuint)length, 0, &address, sizeof(Native.SockaddrNl)) < 0)
                    {
                        throw SendFailed(Marshal.GetLastPInvokeError(), to, _sendTimeout);
                    }
                }
            }

            Interlocked.Increment(ref Counters.Sent);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static Native.SockaddrNl Address(ConnectorAddress to) => to.Kind switch
    {
        ConnectorAddressKind.Group => new Native.SockaddrNl { Family = Native.AfNetlink, Groups = GroupMask(to.Value) },
        ConnectorAddressKind.Port => new Native.SockaddrNl { Family = Native.AfNetlink, PortId = to.Value },
        _ => new Native.SockaddrNl { Family = Native.AfNetlink },
    };

    private static uint GroupMask(uint group)
    {
        CheckGroup(group);
        return 1u << (int)(group - 1);
    }

    private unsafe void SetMembership(uint group, int option, string verb)
    {
        CheckGroup(group);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var value = (int)group;
        using var socket = Lease();
        if (Native.SetSockOpt(socket.Descriptor, Netlink.SolNetlink, option, &value, sizeof(int)) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            throw error == Native.EPERM
                ? new ConnectorUnavailableException(ConnectorUnavailableReason.PermissionDenied, $"The kernel did not let this process {verb} group {group}: run as root or grant CAP_NET_ADMIN.", error)
                : new ConnectorUnavailableException(ConnectorUnavailableReason.Other, $"Could not {verb} group {group}: errno {error}.", error);
        }
    }

    private static unsafe int SetReceiveBuffer(int fd, int size)
    {
        // SO_RCVBUFFORCE ignores net.core.rmem_max but needs CAP_NET_ADMIN; SO_RCVBUF is capped.
        if (Native.SetSockOpt(fd, Native.SolSocket, Native.SoRcvbufforce, &size, sizeof(int)) != 0)
        {
            Native.SetSockOpt(fd, Native.SolSocket, Native.SoRcvbuf, &size, sizeof(int));
        }

        return GetReceiveBuffer(fd);
    }

    private static unsafe int GetReceiveBuffer(int fd)
    {
        int value = 0, length = sizeof(int);
        return Native.GetSockOpt(fd, Native.SolSocket, Native.SoRcvbuf, &value, &length) == 0 ? value : 0;
    }

    private unsafe void Wake()
    {
        // A wake-up after the close has nothing left to wake.
        if (_wake.TryLease(out var wake))
        {
            using (wake)
            {
                ulong one = 1;
                Native.Write(wake.Descriptor, (byte*)&one, sizeof(ulong));
            }
        }
    }

    /// <summary>Holds the socket open for one system call; a closed socket is an <see cref="ObjectDisposedException"/> naming this type.</summary>
    private DescriptorLease Lease()
    {
        try
        {
            return _socket.Lease();
        }
        catch (ObjectDisposedException)
        {
            throw new ObjectDisposedException(nameof(ConnectorSocket));
        }
    }

    private static ConnectorUnavailableException Unavailable(int error, string what) => error switch
    {
        Native.EAFNOSUPPORT or Native.EPROTONOSUPPORT => new ConnectorUnavailableException(ConnectorUnavailableReason.NoConnector,
            $"Could not {what}: this kernel has no connector (build it with CONFIG_CONNECTOR=y, or load the cn module). errno {error}.", error),
        Native.EPERM or Native.EACCES => new ConnectorUnavailableException(ConnectorUnavailableReason.PermissionDenied,
            $"Could not {what}: permission denied. Run as root or grant CAP_NET_ADMIN. errno {error}.", error),
        _ => new ConnectorUnavailableException(ConnectorUnavailableReason.Other, $"Could not {what}: errno {error}.", error),
    };

    private static Exception SendFailed(int error, ConnectorAddress to, TimeSpan timeout) => error switch
    {
        Native.EAGAIN => SendTimedOut(to, timeout),
        Native.EPERM or Native.EACCES => new ConnectorUnavailableException(ConnectorUnavailableReason.PermissionDenied,
            $"The kernel refused to send to {to}: sending to a group or to another socket needs root or CAP_NET_ADMIN. errno {error}.", error),
        Native.ECONNREFUSED when to.Kind == ConnectorAddressKind.Kernel => new ConnectorUnavailableException(ConnectorUnavailableReason.NoConnector,
            "The kernel connector does not answer in this network namespace: it (and its process events) exists only in the " +
            $"initial network namespace. Run on the host, not in a container with a network namespace of its own. errno {error}.", error),
        Native.ECONNREFUSED => new ConnectorUnavailableException(ConnectorUnavailableReason.Other, $"No socket is bound to {to}. errno {error}.", error),
        _ => new ConnectorUnavailableException(ConnectorUnavailableReason.Other, $"Sending to {to} failed: errno {error}.", error),
    };

    private protected override void Close()
    {
        Wake();
        try
        {
            // The loop reads the descriptor; close it only after the loop has left.
            Loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop's own failure is its caller's to observe.
        }

        // Closed now, or, if the loop is still inside a callback, when it leaves: its leases keep
        // the descriptors open until then.
        _socket.Dispose();
        _wake.Dispose();
    }
}
