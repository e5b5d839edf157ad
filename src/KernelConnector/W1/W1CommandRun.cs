using System;
using System.Runtime.InteropServices;

namespace KernelConnector.W1;

/// <summary>
/// One master or slave message of a request, run as the kernel's <c>w1_process_cb</c> runs it:
/// select the slave (if any), then each command in turn, each answered with its data (if any)
/// and its status.
/// </summary>
internal sealed class W1CommandRun(
    W1BusEmulator bus, W1EmulatedMaster master, W1EmulatedSlave? slave, W1NetlinkMessage header, byte[] body, uint port, uint seq, uint ack)
{
    public void Execute()
    {
        var error = 0;
        if (slave is not null && !Select())
        {
            error = W1Status.NoDevice;
        }

        var position = 0;
        while (position < body.Length && error == 0)
        {
            var command = CommandAt(position);
            if (command.Length + W1NetlinkCommand.Size > body.Length - position)
            {
                error = W1Status.TooBig;
                break;
            }

            var data = body.AsSpan(position + W1NetlinkCommand.Size, command.Length);
            var status = slave is not null ? RunOnSlave(command, data) : RunOnMaster(command, data);
            Status(command, status);

            // The kernel zeroes a search's or list's length before stepping over it: any data it
            // carried is read as the next command.
            var listsSlaves = slave is null && command.Command is W1Command.Search or W1Command.AlarmSearch or W1Command.ListSlaves;
            position += W1NetlinkCommand.Size + (listsSlaves ? 0 : command.Length);
        }

        if (error != 0)
        {
            Status(CommandAt(position), error);
        }
    }

    // w1_reset_select_slave: the reset needs a presence pulse from some device on the wire;
    // the selected slave then answers only if it is there itself.
    private bool Select()
    {
        if (!master.AnyPresent)
        {
            return false;
        }

        slave!.Select();
        return true;
    }

    private int RunOnSlave(W1NetlinkCommand command, Span<byte> data) => command.Command switch
    {
        W1Command.Read or W1Command.Write or W1Command.Touch => Io(command, data, slave!.Present ? slave : null),
        _ => W1Status.Invalid,
    };

    private int RunOnMaster(W1NetlinkCommand command, Span<byte> data)
    {
        switch (command.Command)
        {
            case W1Command.Search or W1Command.AlarmSearch or W1Command.ListSlaves:
                SendSlaves(command);
                return 0;
            case W1Command.Read or W1Command.Write or W1Command.Touch:
                // Without a ROM command no device drives the bus.
                return Io(command, data, null);
            case W1Command.Reset:
                return master.AnyPresent ? 0 : W1Status.NoPresence;
            case W1Command.SlaveAdd or W1Command.SlaveRemove:
                return AddOrRemove(command, data);
            default:
                return W1Status.Invalid;
        }
    }

    // w1_process_command_io: a read or touch answers with the command and the bytes, a write with nothing.
    private int Io(W1NetlinkCommand command, Span<byte> data, W1EmulatedSlave? device)
    {
        switch (command.Command)
        {
            case W1Command.Read when device is null:
                data.Fill(0xFF);
                break;
            case W1Command.Read:
                device.Read(data);
                break;
            case W1Command.Touch:
                device?.Touch(data);
                break;
            default:
                device?.Write(data);
                return 0;
        }

        bus.Reply(port, seq, unchecked(seq + 1), header, command, data);
        return 0;
    }

    // w1_get_slaves: one data reply with every id found or listed (a search attaches the ones with a valid CRC).
    private void SendSlaves(W1NetlinkCommand command)
    {
        var found = command.Command == W1Command.ListSlaves ? master.AttachedSlaves : master.Search(command.Command == W1Command.AlarmSearch);
        var ids = new ulong[found.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = found[i].Id.Value;
            if (command.Command != W1Command.ListSlaves && found[i].Id.HasValidCrc && master.FindAttached(found[i].Id) is null)
            {
                master.Attach(found[i]);
            }
        }

        bus.Reply(port, seq, unchecked(seq + 1), header, command.WithBodyLength(0), MemoryMarshal.AsBytes(ids.AsSpan()));
    }

    private int AddOrRemove(W1NetlinkCommand command, ReadOnlySpan<byte> data)
    {
        if (data.Length != 8)
        {
            return W1Status.Invalid;
        }

        var id = W1SlaveId.Read(data);
        var known = master.FindAttached(id);
        switch (command.Command)
        {
            case W1Command.SlaveAdd when known is null:
                master.Attach(master.Phantom(id));
                return 0;
            case W1Command.SlaveRemove when known is not null:
                master.Detach(known);
                return 0;
            default:
                return W1Status.Invalid;
        }
    }

    // w1_netlink_queue_status: the request's header and command, lengths 0, the request's ack.
    private void Status(W1NetlinkCommand command, int error) =>
        bus.Reply(port, seq, ack, header with { Status = (byte)error }, command.WithBodyLength(0), default);

    // The command header at an offset; past the end (a truncated header), the missing bytes read as 0.
    private W1NetlinkCommand CommandAt(int position)
    {
        Span<byte> bytes = stackalloc byte[W1NetlinkCommand.Size];
        bytes.Clear();
        if (position < body.Length)
        {
            body.AsSpan(position, Math.Min(W1NetlinkCommand.Size, body.Length - position)).CopyTo(bytes);
        }

        return MemoryMarshal.Read<W1NetlinkCommand>(bytes);
    }
}
