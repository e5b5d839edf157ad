using KernelConnector.ProcessEvents;

namespace KernelConnector.Benchmarks;

/// <summary>A generated handler class with several message types, so the switch has cases to choose from.</summary>
public sealed partial class BenchmarkHandlers
{
    public long Sum;

    [ConnectorCallback]
    private void OnSample(in ReceivedConnectorMessage<Sample48> message) => Sum += message.Value.Kind;

    [ConnectorCallback]
    private void OnTrailing(in ReceivedConnectorMessage<WithTrailing> message) => Sum += message.Trailing.Length;

    [ConnectorCallback]
    private void OnProc(in ReceivedConnectorMessage<ProcEvent> message) => Sum += message.Value.Cpu;
}
