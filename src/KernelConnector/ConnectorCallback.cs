namespace KernelConnector;

/// <summary>A typed callback for one message type, the userspace counterpart of the kernel's connector callbacks.</summary>
public delegate void ConnectorCallback<T>(in ReceivedConnectorMessage<T> message) where T : unmanaged, IConnectorMessage<T>;
