using System;
using System.Collections.Generic;
using System.Linq;

namespace KernelConnector.W1;

/// <summary>
/// A bus master of a <see cref="W1BusEmulator"/>: the devices on its wire, and the kernel's list
/// of the slaves it knows (what <see cref="W1Command.ListSlaves"/> returns and slave messages may
/// address), which a search or an explicit add fills.
/// </summary>
public sealed class W1EmulatedMaster
{
    /// <summary>How many slaves a master searches for: the kernel's default <c>max_slave_count</c>.</summary>
    public const int MaxSlaves = 64;

    private readonly W1BusEmulator _bus;
    private readonly List<W1EmulatedSlave> _wire = [];
    private readonly List<W1EmulatedSlave> _attached = [];
    private uint _eventSeq;

    internal W1EmulatedMaster(W1BusEmulator bus, uint id)
    {
        _bus = bus;
        Id = id;
    }

    /// <summary>The master's id, as <see cref="W1MessageType.ListMasters"/> reports it.</summary>
    public uint Id { get; }

    /// <summary>The devices on the wire, present or not.</summary>
    public IReadOnlyList<W1EmulatedSlave> Devices
    {
        get
        {
            lock (_bus.Gate)
            {
                return [.. _wire];
            }
        }
    }

    /// <summary>The kernel's list of slaves for this master, in the order they joined it.</summary>
    public IReadOnlyList<W1SlaveId> Attached
    {
        get
        {
            lock (_bus.Gate)
            {
                return [.. _attached.Select(s => s.Id)];
            }
        }
    }

    /// <summary>
    /// Puts a device on the wire with a memory its reads return. With <paramref name="attached"/>,
    /// it is also in the kernel's list, as after a search (and a <c>W1_SLAVE_ADD</c> event is sent).
    /// </summary>
    /// <exception cref="InvalidOperationException">The id is already on this wire, or the wire has <see cref="MaxSlaves"/> devices.</exception>
    public W1EmulatedSlave AddDevice(W1SlaveId id, ReadOnlySpan<byte> memory = default, bool attached = true)
    {
        lock (_bus.Gate)
        {
            if (_wire.Any(s => s.Id == id))
            {
                throw new InvalidOperationException($"Slave {id} is already on master {Id}'s wire.");
            }

            if (_wire.Count == MaxSlaves)
            {
                throw new InvalidOperationException($"Master {Id} already has {MaxSlaves} devices, as many as the kernel searches for (max_slave_count).");
            }

            var slave = new W1EmulatedSlave(id, memory, _bus.Gate);
            _wire.Add(slave);
            if (attached)
            {
                Attach(slave);
            }

            return slave;
        }
    }

    // The kernel's bus: a reset answers when any device is present.
    internal bool AnyPresent => _wire.Any(s => s.Present);

    internal W1EmulatedSlave? FindAttached(W1SlaveId id) => _attached.Find(s => s.Id == id);

    internal IReadOnlyList<W1EmulatedSlave> AttachedSlaves => _attached;

    // The devices a search finds, in the order the kernel's binary-tree search meets them: it
    // takes the 0 branch first and reads ids least significant bit first, so ascending by the
    // bit-reversed id.
    internal IReadOnlyList<W1EmulatedSlave> Search(bool alarm) =>
        [.. _wire.Where(s => s.Present && (!alarm || s.Alarm)).OrderBy(s => ReverseBits(s.Id.Value))];

    internal void Attach(W1EmulatedSlave slave)
    {
        _attached.Add(slave);
        _bus.SendEvent(this, W1NetlinkMessage.ForSlave(slave.Id, W1MessageType.SlaveAdd));
    }

    internal void Detach(W1EmulatedSlave slave)
    {
        _attached.Remove(slave);
        _bus.SendEvent(this, W1NetlinkMessage.ForSlave(slave.Id, W1MessageType.SlaveRemove));
    }

    // A device the kernel was told to add that is not on the wire.
    internal W1EmulatedSlave Phantom(W1SlaveId id) =>
        _wire.Find(s => s.Id == id) ?? new W1EmulatedSlave(id, default, _bus.Gate) { Present = false };

    internal uint NextEventSeq() => _eventSeq++;

    private static ulong ReverseBits(ulong value)
    {
        ulong reversed = 0;
        for (var i = 0; i < 64; i++)
        {
            reversed = (reversed << 1) | ((value >> i) & 1);
        }

        return reversed;
    }
}
