using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector;
using KernelConnector.W1;

namespace W1List;

/// <summary>Lists every bus master and its slaves through the w1 connector of one endpoint.</summary>
internal static class Lister
{
    public static async Task<int> ListAsync(IConnectorEndpoint endpoint, bool search, TimeSpan timeout, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var client = new W1Client(endpoint, timeout);
        var masters = await client.ListMastersAsync(cancellationToken);
        if (masters.Count == 0)
        {
            error.WriteLine("w1list: no 1-Wire bus here: the w1 connector answers, but no bus master is registered (no w1 master driver is loaded).");
            return ExitCodes.NoBus;
        }

        foreach (var master in masters.Order())
        {
            var slaves = search ? await client.SearchAsync(master, cancellationToken: cancellationToken) : await client.ListSlavesAsync(master, cancellationToken);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"master {master}: {(slaves.Count == 0 ? "no" : slaves.Count.ToString(CultureInfo.InvariantCulture))} slave{(slaves.Count == 1 ? "" : "s")}"));
            foreach (var slave in slaves)
            {
                output.WriteLine($"  {slave}{(slave.HasValidCrc ? "" : " (bad CRC)")}");
            }
        }

        return ExitCodes.Success;
    }
}
