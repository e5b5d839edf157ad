using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using KernelConnector.Transport;
using Xunit;

namespace KernelConnector.Tests.Transport;

/// <summary>
/// The socket owns its descriptors: a close never pulls one from under a system call in progress,
/// and a socket nobody disposed does not leak them. Checked by the descriptor's inode, since its
/// number may be reused by the next file opened.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class DescriptorOwnershipTests
{
    private static string? Target(int descriptor)
    {
        try
        {
            return new FileInfo($"/proc/self/fd/{descriptor}").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    [Fact]
    public async Task A_callback_that_outlasts_the_close_keeps_the_descriptor_until_the_loop_leaves()
    {
        KernelRequirement.Require();
        await using var sender = ConnectorSocket.Open();
        var listener = ConnectorSocket.Open(new ConnectorEndpointOptions { Groups = [24] });
        var descriptor = listener.DescriptorForTests;
        var inode = Target(descriptor);
        Assert.StartsWith("socket:[", inode, StringComparison.Ordinal);

        using var inCallback = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var router = new ConnectorRouter();
        router.Add((in ReceivedConnectorMessage<Ping> m) =>
        {
            inCallback.Set();
            release.Wait();
        });
        var loop = listener.RunAsync(router);
        sender.Send(new Ping { Number = 1 }, ConnectorAddress.Group(24));
        Assert.True(inCallback.Wait(TimeSpan.FromSeconds(30)), "the callback never ran");

        // Dispose waits a while for the loop, then gives up; the descriptor must stay this socket's.
        await Task.Run(listener.Dispose, TestContext.Current.CancellationToken);
        Assert.Equal(inode, Target(descriptor));
        using (var opened = File.OpenRead("/proc/self/status"))
        {
            Assert.Equal(inode, Target(descriptor));
        }

        release.Set();
        await loop;
        Assert.NotEqual(inode, Target(descriptor));
        Assert.Equal(-1, listener.DescriptorForTests);
    }

    [Fact]
    public void A_socket_never_disposed_has_its_descriptors_closed_by_the_finalizer()
    {
        KernelRequirement.Require();
        var (descriptor, inode, port) = OpenAndForget();
        for (var i = 0; i < 3 && Target(descriptor) == inode; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.NotEqual(inode, Target(descriptor));

        // Nor do its counters stay among the published metrics (reported, once its port id is
        // reused, under another socket's port).
        long measurements = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "KernelConnector" && instrument.Name == "kernelconnector.messages.sent")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "port" && Equals(tag.Value, port))
                {
                    measurements++;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        Assert.Equal(0, measurements);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (int Descriptor, string? Inode, uint Port) OpenAndForget()
    {
        var socket = ConnectorSocket.Open();
        return (socket.DescriptorForTests, Target(socket.DescriptorForTests), socket.PortId);
    }

    [Fact]
    public async Task Sending_on_a_disposed_socket_is_refused_by_name_not_sent_to_another_descriptor()
    {
        KernelRequirement.Require();
        var socket = ConnectorSocket.Open();
        await socket.DisposeAsync();
        var error = Assert.Throws<ObjectDisposedException>(() => socket.Send(new Ping { Number = 1 }, ConnectorAddress.Group(24)));
        Assert.EndsWith(nameof(ConnectorSocket), error.ObjectName, StringComparison.Ordinal);
    }
}
