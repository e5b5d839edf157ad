namespace KernelConnector.Testing;

/// <summary>A kernel-side callback of an <see cref="InMemoryConnector"/>: the message, and a way to answer its sender.</summary>
public delegate void KernelCallback<T>(in ReceivedConnectorMessage<T> message, KernelReplyContext reply)
    where T : unmanaged, IConnectorMessage<T>;
