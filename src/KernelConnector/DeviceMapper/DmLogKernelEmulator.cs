using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.Testing;

namespace KernelConnector.DeviceMapper;

/// <summary>
/// The kernel's half of device-mapper's userspace log in an <see cref="InMemoryConnector"/>: it
/// sends <see cref="DmUlogRequest"/>s to group 7 the way <c>dm-log-userspace-transfer.c</c> does
/// and takes the replies the way it does, so that a log daemon can be tested without
/// device-mapper, root or a mirror. <see cref="CreateLogAsync"/> plays a table load and gives a
/// log whose methods send what the kernel's dirty-log functions send.
/// </summary>
/// <remarks>
/// As the kernel: every request gets the next sequence number and goes out with <c>cn_msg.seq</c>
/// equal to it and ack 0; a reply is matched by the <c>seq</c> inside its <c>dm_ulog_request</c>
/// (<c>cn_msg.seq</c> is not looked at), and one for no waiting request is ignored; a reply with
/// more data than the request type has room for fails with <c>-ENOSPC</c>; <c>-EAGAIN</c>, and no
/// reply within <see cref="RetryTimeout"/>, send the request again with a new sequence number.
/// Unlike the kernel, which retries for ever, a request fails with <see cref="TimeoutException"/>
/// after <see cref="MaxAttempts"/> sends.
/// </remarks>
public sealed class DmLogKernelEmulator : IDisposable
{
    private const int EINVAL = 22;
    private const int EAGAIN = 11;
    private const int ENOSPC = 28;

    private readonly InMemoryConnector _connector;
    private readonly ConcurrentDictionary<uint, Waiting> _waiting = new();
    private int _seq;
    private long _nextLuid = 0x0000_1000;
    private int _ignored;
    private int _resent;
    private int _overreads;

    /// <summary>Registers the kernel's <c>dmlogusr</c> callback (<c>{7, 1}</c>) on <paramref name="connector"/>.</summary>
    /// <param name="connector">The in-memory connector the daemon's endpoint belongs to.</param>
    /// <param name="retryTimeout">How long a request waits for its reply before it is sent again (the kernel: 15 s).</param>
    /// <param name="maxAttempts">How many times a request is sent before it fails.</param>
    public DmLogKernelEmulator(InMemoryConnector connector, TimeSpan? retryTimeout = null, int maxAttempts = 3)
    {
        ArgumentNullException.ThrowIfNull(connector);
        RetryTimeout = retryTimeout ?? DmUlog.RetryTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RetryTimeout, TimeSpan.Zero, nameof(retryTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        MaxAttempts = maxAttempts;
        _connector = connector;
        connector.AddKernelCallback<DmUlogReply>(OnReply, "dmlogusr");
    }

    /// <summary>How long a request waits for its reply before it is sent again.</summary>
    public TimeSpan RetryTimeout { get; }

    /// <summary>How many times a request is sent before it fails.</summary>
    public int MaxAttempts { get; }

    /// <summary>Replies that matched no waiting request (a wrong seq, or too late), ignored as the kernel ignores them.</summary>
    public int IgnoredReplies => Volatile.Read(ref _ignored);

    /// <summary>Requests sent again, after <c>-EAGAIN</c> or no reply in time.</summary>
    public int Resent => Volatile.Read(ref _resent);

    /// <summary>
    /// Replies whose <c>data_size</c> said more than they carried. The kernel copies
    /// <c>data_size</c> bytes whatever was sent, reading past the message; the emulator pads
    /// with zeros and counts them here.
    /// </summary>
    public int Overreads => Volatile.Read(ref _overreads);

    /// <summary>
    /// Plays a table load with the <c>userspace</c> log: the log's table arguments as device-mapper
    /// passes them (<c>&lt;uuid&gt; [integrated_flush] &lt;type&gt; &lt;args…&gt;</c>, at least three),
    /// then <c>DM_ULOG_CTR</c> and <c>DM_ULOG_GET_REGION_SIZE</c> as the kernel's constructor sends them.
    /// </summary>
    /// <exception cref="DmLogException">The kernel refused the arguments, or the daemon answered an error.</exception>
    public Task<EmulatedDirtyLog> CreateLogAsync(ulong targetSectors, string[] arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return EmulatedDirtyLog.CreateAsync(this, unchecked((ulong)Interlocked.Add(ref _nextLuid, 0x100)), targetSectors, arguments, cancellationToken);
    }

    /// <summary>
    /// <c>dm_consult_userspace</c>: sends one request and waits for its reply, sending it again after
    /// <c>-EAGAIN</c> or <see cref="RetryTimeout"/>. <paramref name="replyCapacity"/> is the room for
    /// reply data (<see cref="DmUlog.ReplyCapacity"/>). Returns the result the kernel would see;
    /// data over <see cref="DmUlog.MaxRequestData"/> gives <c>-EINVAL</c> without sending, as in the kernel.
    /// </summary>
    /// <exception cref="TimeoutException">No reply after <see cref="MaxAttempts"/> sends.</exception>
    public async Task<DmLogKernelReply> ConsultAsync(string uuid, ulong luid, DmUlogRequestType type, ReadOnlyMemory<byte> data, int replyCapacity, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replyCapacity);
        if (data.Length > DmUlog.MaxRequestData)
        {
            return new DmLogKernelReply(-EINVAL, []);
        }

        var request = new DmUlogRequest
        {
            Luid = luid,
            Uuid = DmUuid.From(uuid),
            Version = DmUlog.RequestVersion,
            RequestType = (uint)type & DmUlog.RequestMask,
            DataSize = (uint)data.Length,
        };
        for (var attempt = 1; ; attempt++)
        {
            request.Seq = unchecked((uint)Interlocked.Increment(ref _seq) - 1);
            var waiting = new Waiting(replyCapacity);
            _waiting[request.Seq] = waiting;
            try
            {
                _connector.SendFromKernel(in request, ConnectorAddress.Group(DmUlogRequest.Group), request.Seq, 0, data.Span);
                var reply = await waiting.Reply.Task.WaitAsync(RetryTimeout, cancellationToken).ConfigureAwait(false);
                if (reply.Error != -EAGAIN)
                {
                    return reply;
                }
            }
            catch (TimeoutException) when (attempt < MaxAttempts)
            {
            }
            catch (TimeoutException)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"No reply to {type} for log {uuid} after {MaxAttempts} sends {RetryTimeout.TotalSeconds:0.###} s apart (last seq {request.Seq}): is a log daemon listening on group {DmUlogRequest.Group}? The kernel would keep trying."));
            }
            finally
            {
                _waiting.TryRemove(request.Seq, out _);
            }

            Interlocked.Increment(ref _resent);
        }
    }

    /// <summary>Removes the kernel callback.</summary>
    public void Dispose() => _connector.RemoveKernelCallback(DmUlogReply.Id);

    // cn_ulog_callback + fill_pkg: find the waiting request by the reply's own seq.
    private void OnReply(in ReceivedConnectorMessage<DmUlogReply> message, KernelReplyContext context)
    {
        ref readonly var reply = ref message.Value.Request;

        // The first reply takes the request off the list; a second one for the same seq finds
        // nothing waiting. (The kernel unlinks it when the waiting thread wakes, so a second
        // reply that comes quickly enough may still overwrite the first there.)
        if (!_waiting.TryRemove(reply.Seq, out var waiting))
        {
            Interlocked.Increment(ref _ignored);
            return;
        }

        if (reply.DataSize > (uint)waiting.Capacity)
        {
            waiting.Reply.TrySetResult(new DmLogKernelReply(-ENOSPC, []));
            return;
        }

        var data = new byte[reply.DataSize];
        var carried = Math.Min(data.Length, message.Trailing.Length);
        message.Trailing[..carried].CopyTo(data);
        if (carried < data.Length)
        {
            Interlocked.Increment(ref _overreads);
        }

        waiting.Reply.TrySetResult(new DmLogKernelReply(reply.Error, data));
    }

    private sealed class Waiting(int capacity)
    {
        public int Capacity { get; } = capacity;

        public TaskCompletionSource<DmLogKernelReply> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
