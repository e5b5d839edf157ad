using System;

namespace KernelConnector;

/// <summary>A callback threw and the receive loop was told to stop; <see cref="Exception.InnerException"/> is what it threw.</summary>
public sealed class ConnectorCallbackException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConnectorCallbackException(CbId id, Exception innerException)
        : base($"The callback for connector id {id} threw {innerException.GetType().Name}: {innerException.Message}", innerException) => Id = id;

    /// <summary>The id of the message whose callback threw.</summary>
    public CbId Id { get; }
}
