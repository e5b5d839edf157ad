namespace KernelConnector;

/// <summary>
/// Routes typed connector messages to callbacks. Implemented by <c>ConnectorRouter</c> and
/// by every handler class the generator completes.
/// </summary>
public interface IConnectorDispatcher
{
    /// <summary>Hands one message to its callback. Never throws for bad bytes; a callback's own exception propagates.</summary>
    /// <remarks>
    /// An implementation types each message with <c>ConnectorDispatch.TryCreate</c>: on an
    /// endpoint's receive loop, that is where the message's type tells the endpoint how to count
    /// its sequence (<see cref="IConnectorMessage{TSelf}.SequenceKeyOffset"/>).
    /// </remarks>
    DispatchResult Dispatch(in ReceivedConnectorMessage message);
}
