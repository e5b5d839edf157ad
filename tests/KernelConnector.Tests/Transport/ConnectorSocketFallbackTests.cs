using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.Transport;

/// <summary>The receive path where <c>recvmmsg</c> is refused (old kernels, seccomp): every socket test of the contract, on one <c>recvfrom</c> per datagram.</summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ConnectorSocketFallbackTests : SocketReceivePathTests
{
    protected override bool RefuseBatch => true;
}
