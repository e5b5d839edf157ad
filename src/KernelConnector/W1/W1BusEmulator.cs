using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using KernelConnector.Records;
using KernelConnector.Testing;
using KernelConnector.Wire;

namespace KernelConnector.W1;

/// <summary>
/// The kernel's w1 connector in an <see cref="InMemoryConnector"/>: bus masters with devices on
/// their wires, answering <c>W1_LIST_MASTERS</c>, master commands (search, alarm search, list
/// slaves, reset, read, write, touch, add and remove a slave) and slave commands (read, write,
/// touch) the way <c>drivers/w1/w1_netlink.c</c> does, so that w1 code can be tested without
/// 1-Wire hardware or the w1 module.
/// </summary>
/// <remarks>
/// What it reproduces: a request whose lengths do not fit is dropped without an answer; a master
/// or slave message without commands, or of an unknown type, is refused with <c>EPROTO</c> and
/// ends the request; an unknown master or slave is refused with <c>ENODEV</c> and the request goes
/// on; each command gets a status reply (ack = the request's ack), preceded by a data reply
/// (ack = seq + 1) when it returns data; a slave whose bus has no device to answer the reset fails
/// the first command with <c>ENODEV</c>; a reset of an empty bus reports status 255. Master and
/// slave messages run after the whole request has been walked, in order (the kernel runs them on
/// each master's thread, so replies for different masters may interleave there).
/// Not reproduced: reply bundling (<c>W1_CN_BUNDLE</c>; this library's endpoints send no
/// <c>cn_msg</c> flags), detaching slaves missed by ten searches, and timing.
/// </remarks>
public sealed class W1BusEmulator : IDisposable
{
    private readonly InMemoryConnector _connector;
    private readonly List<W1EmulatedMaster> _masters = [];
    private uint _nextMasterId = 1;

    /// <summary>Registers the w1 connector's callback (<c>{3, 1}</c>) on <paramref name="connector"/>.</summary>
    /// <exception cref="InvalidOperationException">The connector already has a kernel callback for w1.</exception>
    public W1BusEmulator(InMemoryConnector connector)
    {
        ArgumentNullException.ThrowIfNull(connector);
        _connector = connector;
        connector.AddKernelCallback<W1NetlinkMessage>(OnRequest, "w1");
    }

    /// <summary>Requests dropped unanswered because a length ran past the end, as the kernel drops them.</summary>
    public int Dropped { get; private set; }

    /// <summary>The bus masters, in the order they were added.</summary>
    public IReadOnlyList<W1EmulatedMaster> Masters
    {
        get
        {
            lock (Gate)
            {
                return [.. _masters];
            }
        }
    }

    internal object Gate { get; } = new();

    /// <summary>Adds a bus master with the next id (1, 2, …) and sends <c>W1_MASTER_ADD</c> to group 3.</summary>
    public W1EmulatedMaster AddMaster()
    {
        lock (Gate)
        {
            var master = new W1EmulatedMaster(this, _nextMasterId++);
            _masters.Add(master);
            SendEvent(master, W1NetlinkMessage.ForMaster(master.Id, W1MessageType.MasterAdd));
            return master;
        }
    }

    /// <summary>Removes the w1 connector's callback.</summary>
    public void Dispose() => _connector.RemoveKernelCallback(W1NetlinkMessage.Id);

    // w1_netlink_send: events go to the w1 group with the master's own sequence number.
    internal void SendEvent(W1EmulatedMaster master, W1NetlinkMessage message) =>
        _connector.SendFromKernel(in message, ConnectorAddress.Group(W1NetlinkMessage.Group), master.NextEventSeq(), 0);

    internal void Reply(uint port, uint seq, uint ack, W1NetlinkMessage header, W1NetlinkCommand? command, ReadOnlySpan<byte> data)
    {
        var buffer = new byte[W1NetlinkMessage.Size + W1NetlinkCommand.Size + data.Length];
        var writer = new RecordWriter(buffer);
        if (command is { } c)
        {
            var message = writer.Begin(header);
            writer.Write(c, data);
            writer.End(message);
        }
        else
        {
            writer.Write(header, data);
        }

        W1Payload.SendFromKernel(_connector, writer.Written, ConnectorAddress.Port(port), seq, ack);
    }

    private void OnRequest(in ReceivedConnectorMessage<W1NetlinkMessage> message, KernelReplyContext context)
    {
        // The kernel copies the request before running it; so does the emulator.
        var payload = new byte[W1NetlinkMessage.Size + message.Trailing.Length];
        MemoryMarshal.Write(payload, in message.Value);
        message.Trailing.CopyTo(payload.AsSpan(W1NetlinkMessage.Size));
        lock (Gate)
        {
            // w1_cn_callback walks every message once to size its reply; a length that runs
            // past the end stops that walk with E2BIG and nothing at all is run or answered.
            if (RecordSequence.Check<W1NetlinkMessage>(payload, out _) != RecordStatus.Complete)
            {
                Dropped++;
                return;
            }

            var queued = Walk(payload, context.SenderPortId, message.Seq, message.Ack);
            foreach (var run in queued)
            {
                run.Execute();
            }
        }
    }

    private List<W1CommandRun> Walk(byte[] payload, uint port, uint seq, uint ack)
    {
        var queued = new List<W1CommandRun>();
        var messages = new RecordReader<W1NetlinkMessage>(payload);
        while (messages.MoveNext())
        {
            var header = messages.Current.Header;
            if (header.Type == W1MessageType.ListMasters)
            {
                SendMasterList(port, seq);
                continue;
            }

            W1EmulatedMaster? master = null;
            W1EmulatedSlave? slave = null;
            if (header.Length == 0 || header.Type is not (W1MessageType.MasterCommand or W1MessageType.SlaveCommand))
            {
                // EPROTO ends the walk; the messages before it still run.
                Reply(port, seq, ack, header with { Status = W1Status.Protocol }, null, default);
                break;
            }

            if (header.Type == W1MessageType.MasterCommand)
            {
                master = _masters.Find(m => m.Id == header.Master.Id);
            }
            else
            {
                // w1_search_slave looks through every master's list.
                master = _masters.Find(m => m.FindAttached(header.Slave) is not null);
                slave = master?.FindAttached(header.Slave);
            }

            if (master is null)
            {
                Reply(port, seq, ack, header with { Status = W1Status.NoDevice }, null, default);
                continue;
            }

            queued.Add(new W1CommandRun(this, master, slave, header, messages.Current.Body.ToArray(), port, seq, ack));
        }

        return queued;
    }

    // w1_process_command_root: every master's id, newest first (the kernel adds masters at the
    // head of its list), at most a page per message; the header's id is not set.
    private void SendMasterList(uint port, uint seq)
    {
        var perMessage = (4096 - Connector.HeaderSize - W1NetlinkMessage.Size) / sizeof(uint);
        var ids = _masters.Select(m => m.Id).Reverse().ToArray();
        var offset = 0;
        do
        {
            var page = ids.AsSpan(offset, Math.Min(perMessage, ids.Length - offset));
            Reply(port, seq, unchecked(seq + 1), new W1NetlinkMessage { Type = W1MessageType.ListMasters }, null, MemoryMarshal.AsBytes(page));
            offset += page.Length;
        }
        while (offset < ids.Length);
    }
}
