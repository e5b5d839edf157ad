namespace KernelConnector.Generators;

/// <summary>The tracking names of the generator's pipeline steps, for incrementality tests.</summary>
public static class StepNames
{
    /// <summary>One model per <c>[ConnectorMessage]</c> struct.</summary>
    public const string Messages = nameof(Messages);

    /// <summary>The valid message models (invalid targets dropped).</summary>
    public const string ValidMessages = nameof(ValidMessages);

    /// <summary>One handler-class model per <c>[ConnectorCallback]</c> method.</summary>
    public const string Callbacks = nameof(Callbacks);

    /// <summary>Every handler-class model, collected.</summary>
    public const string CollectedHandlers = nameof(CollectedHandlers);

    /// <summary>Each handler class once.</summary>
    public const string Handlers = nameof(Handlers);
}
