using System;
using System.Threading;
using System.Threading.Tasks;

namespace KernelConnector.DeviceMapper;

/// <summary>
/// The connector side of a device-mapper userspace log daemon (what LVM's <c>cmirrord</c> does):
/// receives the kernel's <see cref="DmUlogRequest"/>s on group 7, hands each to a handler, and
/// sends the handler's <see cref="DmLogResult"/> back to the kernel as the request answered — one
/// reply per request, always, so that the kernel never waits out its 15-second retry.
/// </summary>
/// <remarks>
/// A request whose <c>data_size</c> says more than it carries is answered with <c>-EINVAL</c>
/// without calling the handler. A handler that throws is answered for: <c>-EINVAL</c> for a
/// <see cref="DmLogFormatException"/>, <c>-EIO</c> otherwise; the exception then goes on to the
/// endpoint, which reports it through <see cref="IConnectorEndpoint.CallbackError"/>. Data over
/// <see cref="DmUlog.MaxReplyData"/> is answered with <c>-ENOSPC</c>, as <c>cmirrord</c> does. The kernel
/// takes replies only from a process with <c>CAP_SYS_ADMIN</c>.
/// </remarks>
public sealed class DmLogDaemon
{
    private const int EINVAL = 22;
    private const int EIO = 5;
    private const int ENOSPC = 28;

    private readonly IConnectorEndpoint _endpoint;
    private readonly DmLogRequestHandler _handler;
    private long _requests;
    private long _malformed;
    private long _failures;

    /// <summary>A daemon that answers on <paramref name="endpoint"/> with <paramref name="handler"/>.</summary>
    public DmLogDaemon(IConnectorEndpoint endpoint, DmLogRequestHandler handler)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(handler);
        _endpoint = endpoint;
        _handler = handler;
    }

    /// <summary>Requests received (each was answered).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests whose <c>data_size</c> said more than they carried.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Requests whose handler threw.</summary>
    public long HandlerFailures => Interlocked.Read(ref _failures);

    /// <summary>Routes <see cref="DmUlogRequest"/>s of <paramref name="router"/> to this daemon, for an endpoint that also receives other messages.</summary>
    public void Register(ConnectorRouter router)
    {
        ArgumentNullException.ThrowIfNull(router);
        router.Add<DmUlogRequest>(OnRequest, "dm-log-userspace requests");
    }

    /// <summary>Joins group 7 (<c>CN_IDX_DM</c>) and answers requests until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken = default)
    {
        _endpoint.JoinGroup(DmUlogRequest.Group);
        var router = new ConnectorRouter();
        Register(router);
        return _endpoint.RunAsync(router, cancellationToken);
    }

    private void OnRequest(in ReceivedConnectorMessage<DmUlogRequest> message)
    {
        Interlocked.Increment(ref _requests);
        ref readonly var header = ref message.Value;
        if (header.DataSize > (uint)message.Trailing.Length)
        {
            Interlocked.Increment(ref _malformed);
            Send(in header, DmLogResult.Failure(EINVAL));
            return;
        }

        DmLogResult result;
        try
        {
            result = _handler(new DmLogRequest(in header, message.Trailing[..(int)header.DataSize]));
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failures);
            Send(in header, DmLogResult.Failure(e is DmLogFormatException ? EINVAL : EIO));
            throw;
        }

        if (result.Data.Length > DmUlog.MaxReplyData)
        {
            // More than one connector message holds: the kernel would have no room for it either.
            Interlocked.Increment(ref _failures);
            result = DmLogResult.Failure(ENOSPC);
        }

        Send(in header, result);
    }

    // The reply is the request with error, data_size and data set; the kernel matches it by the
    // struct's seq, not by cn_msg's.
    private void Send(in DmUlogRequest request, DmLogResult result)
    {
        var reply = new DmUlogReply { Request = request };
        reply.Request.Error = result.Error;
        reply.Request.DataSize = (uint)result.Data.Length;
        _endpoint.Send(in reply, ConnectorAddress.Kernel, result.Data);
    }
}
