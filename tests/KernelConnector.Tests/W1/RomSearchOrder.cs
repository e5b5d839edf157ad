namespace KernelConnector.Tests.W1;

/// <summary>
/// The order a 1-Wire ROM search meets devices, computed independently of the emulator: it takes
/// the 0 branch first and reads ids least significant bit first, so ids sort by their bits reversed.
/// </summary>
internal static class RomSearchOrder
{
    public static ulong Key(ulong id)
    {
        ulong reversed = 0;
        for (var i = 0; i < 64; i++)
        {
            reversed |= ((id >> i) & 1) << (63 - i);
        }

        return reversed;
    }
}
