using System.Diagnostics.Metrics;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using KernelConnector.Protocol;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.Protocol;

public class MeterVersionTests
{
    [Fact]
    public void The_meter_states_the_package_version_Directory_Build_props_defines()
    {
        var version = XDocument.Load(Path.Combine(Repository.Root, "Directory.Build.props")).Descendants("Version").Single().Value;
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(ConnectorMetrics).TypeHandle);

        string? seen = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (instrument.Meter.Name == ConnectorMetrics.MeterName)
            {
                seen = instrument.Meter.Version;
            }
        };
        listener.Start();

        Assert.Equal(version, seen);
    }
}
