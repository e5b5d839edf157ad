using System.Runtime.InteropServices;

namespace KernelConnector.Tests.Generated;

/// <summary>A message without fields: a bare <c>cn_msg</c>, 0 bytes of payload, as <c>ucon -s</c> sends to <c>cn_test</c>.</summary>
[ConnectorMessage(21, 4)]
[StructLayout(LayoutKind.Sequential)]
public partial struct Bell
{
}

/// <summary>Without fields but with room after them: the payload is the trailing bytes alone, as C's <c>struct { char data[]; }</c>.</summary>
[ConnectorMessage(21, 5, MaxTrailingBytes = 8)]
[StructLayout(LayoutKind.Sequential)]
public partial struct BareBytes
{
}

/// <summary>No fields but a declared size: the 8 bytes it declares are its payload.</summary>
[ConnectorMessage(21, 6)]
[StructLayout(LayoutKind.Sequential, Size = 8)]
public partial struct OnlyPadding
{
}
