using KernelConnector;

/// <summary>A message in the global namespace.</summary>
[ConnectorMessage(21, 3)]
public partial struct GlobalMessage
{
    public uint Value;
}
