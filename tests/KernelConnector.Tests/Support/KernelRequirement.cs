using System;
using KernelConnector.Transport;
using Xunit;

namespace KernelConnector.Tests.Support;

/// <summary>
/// Guards tests that need the real kernel connector. Where it is missing they skip with the
/// reason; with KERNELCONNECTOR_REQUIRE_KERNEL=1 (as CI sets) they fail instead, so that a broken
/// kernel test can never pass as "skipped".
/// </summary>
internal static class KernelRequirement
{
    public const string RequireVariable = "KERNELCONNECTOR_REQUIRE_KERNEL";

    private static readonly Lazy<string?> Missing = new(Probe);

    /// <summary>Needs a connector socket that may talk to other userspace sockets (root or CAP_NET_ADMIN).</summary>
    public static void Require()
    {
        if (Missing.Value is { } reason)
        {
            if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            {
                Assert.Fail($"The kernel connector is required here ({RequireVariable}=1) but: {reason}");
            }

            Assert.Skip(reason);
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "not Linux: the kernel connector is a Linux netlink protocol";
        }

        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("KERNELCONNECTOR_ASSUME_PRIVILEGED") != "1")
        {
            return "not root: sending connector messages between userspace sockets needs CAP_NET_ADMIN";
        }

        try
        {
            using var socket = ConnectorSocket.Open();
            return null;
        }
        catch (ConnectorUnavailableException e)
        {
            return e.Message;
        }
    }
}
