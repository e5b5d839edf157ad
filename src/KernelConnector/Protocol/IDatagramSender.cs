using System;

namespace KernelConnector.Protocol;

/// <summary>How an endpoint puts one message on its medium with the seq and ack it is given.</summary>
internal interface IDatagramSender
{
    bool IsDisposed { get; }

    void SendWith<T>(in T message, ConnectorAddress to, ReadOnlySpan<byte> trailing, uint seq, uint ack)
        where T : unmanaged, IConnectorMessage<T>;
}
