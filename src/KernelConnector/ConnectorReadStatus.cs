namespace KernelConnector;

/// <summary>Why a payload was or was not accepted as a message.</summary>
public enum ConnectorReadStatus
{
    /// <summary>The payload holds a valid message.</summary>
    Ok = 0,

    /// <summary>The payload is shorter than the fixed part of the message.</summary>
    TooShort,

    /// <summary>More bytes follow the fixed part than the message type allows.</summary>
    TooLong,

    /// <summary>A field holds a value its type does not allow (a <c>bool</c> that is not 0 or 1, an undefined value of a closed enum).</summary>
    InvalidField,
}
