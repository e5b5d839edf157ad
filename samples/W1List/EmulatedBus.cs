using KernelConnector;
using KernelConnector.Testing;
using KernelConnector.W1;

namespace W1List;

/// <summary>
/// The bus <c>--emulated</c> lists: three masters with a few common devices, one of which the
/// kernel has not met yet (only <c>--search</c> finds it).
/// </summary>
internal static class EmulatedBus
{
    public static W1BusEmulator Create(InMemoryConnector connector)
    {
        var bus = new W1BusEmulator(connector);
        var first = bus.AddMaster();
        first.AddDevice(W1SlaveId.Create(0x28, 0x0000_075B_3A2C));                    // DS18B20 thermometer
        first.AddDevice(W1SlaveId.Create(0x10, 0x0008_02D9_A3C1));                    // DS18S20 thermometer
        first.AddDevice(W1SlaveId.Create(0x2D, 0x0000_1A2B_3C4D), attached: false);   // DS2431 EEPROM, not yet searched
        var second = bus.AddMaster();
        second.AddDevice(W1SlaveId.Create(0x3A, 0x0000_001F_2E3D));                   // DS2413 switch
        bus.AddMaster();
        return bus;
    }
}
