namespace KernelConnector.Generators;

/// <summary>The tracking names of the generator's pipeline steps, for incrementality tests.</summary>
public static class StepNames
{
    /// <summary>One model per <c>[ConnectorMessage]</c> struct.</summary>
    public const string Messages = nameof(Messages);

    /// <summary>The valid message models (invalid targets dropped).</summary>
    public const string ValidMessages = nameof(ValidMessages);

    /// <summary>One item per <c>[ConnectorCallback]</c> method: its class's declaration and the callback.</summary>
    public const string Callbacks = nameof(Callbacks);

    /// <summary>Every callback item, collected for grouping.</summary>
    public const string CollectedCallbacks = nameof(CollectedCallbacks);

    /// <summary>One model per handler class.</summary>
    public const string Handlers = nameof(Handlers);
}
