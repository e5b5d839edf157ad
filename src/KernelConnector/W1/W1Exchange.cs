using System;
using System.Threading.Tasks;
using KernelConnector.Records;

namespace KernelConnector.W1;

/// <summary>
/// One request in flight and the replies that belong to it. The w1 connector answers with the
/// request's seq and one of two acks: data replies carry <c>seq + 1</c>, status replies the
/// request's own ack (which <see cref="W1Client"/> sends as 0).
/// </summary>
internal abstract class W1Exchange(uint seq)
{
    private readonly TaskCompletionSource<W1Response> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();

    public uint Seq { get; } = seq;

    public Task<W1Response> Completion => _done.Task;

    /// <summary>Takes one reply (on the receive loop).</summary>
    public void Accept(in ReceivedConnectorMessage<W1NetlinkMessage> message)
    {
        var isData = message.Ack == unchecked(Seq + 1);
        lock (_gate)
        {
            var records = RecordSequence.Of(in message);
            while (!_done.Task.IsCompleted && records.MoveNext())
            {
                var record = records.Current;
                if (isData)
                {
                    OnData(record.Header, record.Body);
                }
                else
                {
                    OnStatus(record.Header, record.Body);
                }
            }
        }
    }

    protected abstract void OnData(W1NetlinkMessage header, ReadOnlySpan<byte> body);

    protected abstract void OnStatus(W1NetlinkMessage header, ReadOnlySpan<byte> body);

    protected void Complete(W1Response response) => _done.TrySetResult(response);
}
