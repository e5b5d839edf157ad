namespace KernelConnector;

/// <summary>What the receive loop does when a callback throws.</summary>
public enum CallbackErrorPolicy
{
    /// <summary>Count and report the exception (<see cref="IConnectorEndpoint.CallbackError"/>) and go on.</summary>
    Continue,

    /// <summary>Report it, then end the receive loop with it.</summary>
    Stop,
}
