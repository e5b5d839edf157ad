using KernelConnector;

// Without [StructLayout], as many users write it (KC0010 asks to state it).
#pragma warning disable KC0010

/// <summary>A message in the global namespace.</summary>
[ConnectorMessage(21, 3)]
public partial struct GlobalMessage
{
    public uint Value;
}
