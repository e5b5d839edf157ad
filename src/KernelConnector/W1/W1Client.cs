using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.Records;
using KernelConnector.Wire;

namespace KernelConnector.W1;

/// <summary>
/// Talks to the kernel's w1 (1-Wire) connector: lists bus masters, lists and searches their
/// slaves, resets a bus, reads, writes and touches a slave. Works against the real kernel
/// (<see cref="Transport.ConnectorSocket"/>) and against <see cref="W1BusEmulator"/> (an
/// <see cref="Testing.InMemoryEndpoint"/>) alike.
/// </summary>
/// <remarks>
/// The client runs the endpoint's receive loop (one endpoint has one reader) until disposed.
/// Each request is one w1 message, sent with a sequence number of the client's and ack 0; the
/// kernel's replies carry that seq, with ack <c>seq + 1</c> on data and the request's ack on
/// statuses. A request that is not answered completely within the time-out throws
/// <see cref="TimeoutException"/> (a kernel without the w1 connector answers nothing).
/// </remarks>
public sealed class W1Client : IAsyncDisposable
{
    private readonly IConnectorEndpoint _endpoint;
    private readonly ConcurrentDictionary<uint, W1Exchange> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _nextSeq;

    /// <summary>Starts receiving on <paramref name="endpoint"/> (which must not have a receive loop already).</summary>
    public W1Client(IConnectorEndpoint endpoint, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Timeout = timeout ?? TimeSpan.FromSeconds(5);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(timeout));
        _endpoint = endpoint;
        var router = new ConnectorRouter();
        router.Add<W1NetlinkMessage>(OnMessage, "w1 replies");
        _loop = endpoint.RunAsync(router, _stop.Token);
    }

    /// <summary>How long a request waits for its complete answer.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The ids of every bus master (<c>W1_LIST_MASTERS</c>).</summary>
    public async Task<IReadOnlyList<uint>> ListMastersAsync(CancellationToken cancellationToken = default)
    {
        var exchange = new W1MasterListExchange(NextSeq());
        await RunAsync(exchange, WriteMasterList, "ListMasters", cancellationToken).ConfigureAwait(false);
        return exchange.Ids;
    }

    /// <summary>The slaves in the kernel's list for a master, without searching the bus (<c>W1_CMD_LIST_SLAVES</c>).</summary>
    public Task<IReadOnlyList<W1SlaveId>> ListSlavesAsync(uint masterId, CancellationToken cancellationToken = default) =>
        SlavesAsync(masterId, W1Command.ListSlaves, cancellationToken);

    /// <summary>Searches a master's bus for slaves (<c>W1_CMD_SEARCH</c>), or for slaves in alarm; found slaves join the kernel's list.</summary>
    public Task<IReadOnlyList<W1SlaveId>> SearchAsync(uint masterId, bool alarm = false, CancellationToken cancellationToken = default) =>
        SlavesAsync(masterId, alarm ? W1Command.AlarmSearch : W1Command.Search, cancellationToken);

    /// <summary>Resets a master's bus; <see langword="true"/> when at least one device answered with a presence pulse.</summary>
    public async Task<bool> ResetAsync(uint masterId, CancellationToken cancellationToken = default)
    {
        var result = await SingleAsync(W1NetlinkMessage.ForMaster(masterId), new W1CommandRequest(W1Command.Reset), acceptStatus: W1Status.NoPresence, cancellationToken).ConfigureAwait(false);
        return result.Status == 0;
    }

    /// <summary>Selects a slave and reads <paramref name="count"/> bytes from it.</summary>
    public async Task<byte[]> ReadAsync(W1SlaveId slave, int count, CancellationToken cancellationToken = default) =>
        (await SingleAsync(W1NetlinkMessage.ForSlave(slave), W1CommandRequest.Read(count), acceptStatus: 0, cancellationToken).ConfigureAwait(false)).Data;

    /// <summary>Selects a slave and writes <paramref name="data"/> to it.</summary>
    public Task WriteAsync(W1SlaveId slave, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        SingleAsync(W1NetlinkMessage.ForSlave(slave), new W1CommandRequest(W1Command.Write, data), acceptStatus: 0, cancellationToken);

    /// <summary>Selects a slave, writes <paramref name="data"/> bit by bit and returns what the bus read back.</summary>
    public async Task<byte[]> TouchAsync(W1SlaveId slave, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        (await SingleAsync(W1NetlinkMessage.ForSlave(slave), new W1CommandRequest(W1Command.Touch, data), acceptStatus: 0, cancellationToken).ConfigureAwait(false)).Data;

    /// <summary>
    /// Sends one master or slave message with its commands and returns everything the kernel
    /// answered. Failures are in the response's statuses, not thrown.
    /// </summary>
    /// <param name="target">From <see cref="W1NetlinkMessage.ForMaster"/> or <see cref="W1NetlinkMessage.ForSlave"/>.</param>
    /// <param name="commands">One or more (the kernel refuses a message without commands).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="ArgumentException">The target is not a master or slave message, or there are no commands.</exception>
    /// <exception cref="ConnectorMessageSizeException">The commands do not fit one connector message.</exception>
    public Task<W1Response> ExecuteAsync(W1NetlinkMessage target, IReadOnlyList<W1CommandRequest> commands, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        if (target.Type is not (W1MessageType.MasterCommand or W1MessageType.SlaveCommand))
        {
            throw new ArgumentException($"Commands go in a MasterCommand or SlaveCommand message, not {target.Type}.", nameof(target));
        }

        if (commands.Count == 0)
        {
            throw new ArgumentException("A master or slave message needs at least one command (the kernel refuses an empty one with EPROTO).", nameof(commands));
        }

        var exchange = new W1CommandExchange(NextSeq(), target, commands);
        return RunAsync(exchange, (ref RecordWriter w) => WriteCommands(ref w, target, commands), Describe(target, commands[0].Command), cancellationToken);
    }

    /// <summary>Stops the receive loop.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private delegate void PayloadWriter(ref RecordWriter writer);

    private async Task<IReadOnlyList<W1SlaveId>> SlavesAsync(uint masterId, W1Command command, CancellationToken cancellationToken) =>
        (await SingleAsync(W1NetlinkMessage.ForMaster(masterId), new W1CommandRequest(command), acceptStatus: 0, cancellationToken).ConfigureAwait(false)).SlaveIds;

    // One command; a failure, of the message or of the command, becomes a W1Exception.
    private async Task<W1CommandResult> SingleAsync(W1NetlinkMessage target, W1CommandRequest command, byte acceptStatus, CancellationToken cancellationToken)
    {
        var response = await ExecuteAsync(target, [command], cancellationToken).ConfigureAwait(false);
        var what = Describe(target, command.Command);
        if (response.Status != 0)
        {
            throw new W1Exception($"The w1 connector refused {what}: {W1Status.Describe(response.Status)}.", response.Status);
        }

        var result = response.Commands.Single();
        if (result.Status != 0 && result.Status != acceptStatus)
        {
            throw new W1Exception($"{what} failed: {W1Status.Describe(result.Status)}.", result.Status);
        }

        return result;
    }

    private async Task<W1Response> RunAsync(W1Exchange exchange, PayloadWriter write, string what, CancellationToken cancellationToken)
    {
        _pending[exchange.Seq] = exchange;
        try
        {
            Send(exchange.Seq, write);
            return await exchange.Completion.WaitAsync(Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"The w1 connector did not answer {what} (seq {exchange.Seq}) completely within {Timeout.TotalSeconds:0.###} s: is the w1 module loaded, with netlink (CONFIG_W1_CON)?"));
        }
        finally
        {
            _pending.TryRemove(exchange.Seq, out _);
        }
    }

    // Registered before this runs, so a reply that comes back at once still finds its exchange.
    private void Send(uint seq, PayloadWriter write)
    {
        Span<byte> buffer = new byte[Connector.MaxPayloadSize];
        var writer = new RecordWriter(buffer);
        write(ref writer);
        W1Payload.SendAs(_endpoint, writer.Written, seq, ack: 0);
    }

    private static void WriteMasterList(ref RecordWriter writer)
    {
        writer.Write(new W1NetlinkMessage { Type = W1MessageType.ListMasters }, default);
        writer.Write(W1NetlinkMessage.ForMaster(0), default);
    }

    private static void WriteCommands(ref RecordWriter writer, W1NetlinkMessage target, IReadOnlyList<W1CommandRequest> commands)
    {
        var message = writer.Begin(target);
        foreach (var command in commands)
        {
            writer.Write(W1NetlinkCommand.For(command.Command), command.Data.Span);
        }

        writer.End(message);
    }

    private void OnMessage(in ReceivedConnectorMessage<W1NetlinkMessage> message)
    {
        // Only the kernel answers w1 requests; events (multicast, seq from a master's own
        // counter) are not replies even when a seq happens to match.
        if (message.SenderPortId == 0 && message.Value.Type is W1MessageType.MasterCommand or W1MessageType.SlaveCommand or W1MessageType.ListMasters
            && _pending.TryGetValue(message.Seq, out var exchange))
        {
            exchange.Accept(in message);
        }
    }

    // Sequence numbers of this client's own: never uint.MaxValue, whose data replies would carry ack 0 like statuses.
    private uint NextSeq()
    {
        uint seq;
        do
        {
            seq = unchecked((uint)Interlocked.Increment(ref _nextSeq));
        }
        while (seq is 0 or uint.MaxValue);

        return seq;
    }

    private static string Describe(W1NetlinkMessage target, W1Command command) =>
        target.Type == W1MessageType.SlaveCommand
            ? $"{command} on slave {target.Slave}"
            : string.Create(CultureInfo.InvariantCulture, $"{command} on master {target.Master.Id}");
}
