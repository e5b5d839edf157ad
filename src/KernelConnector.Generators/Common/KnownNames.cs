namespace KernelConnector.Generators.Common;

/// <summary>Metadata names of the runtime's types that the generator and analyzers look for.</summary>
internal static class KnownNames
{
    public const string ConnectorMessageAttribute = "KernelConnector.ConnectorMessageAttribute";
    public const string ConnectorCallbackAttribute = "KernelConnector.ConnectorCallbackAttribute";
    public const string ClosedEnumAttribute = "KernelConnector.ClosedEnumAttribute";
    public const string SequenceKeyAttribute = "KernelConnector.SequenceKeyAttribute";
    public const string ReceivedConnectorMessageOfT = "KernelConnector.ReceivedConnectorMessage`1";
    public const string IConnectorMessageOfT = "KernelConnector.IConnectorMessage`1";
    public const string InlineArrayAttribute = "System.Runtime.CompilerServices.InlineArrayAttribute";
    public const string StructLayoutAttribute = "System.Runtime.InteropServices.StructLayoutAttribute";
    public const string FieldOffsetAttribute = "System.Runtime.InteropServices.FieldOffsetAttribute";
    public const string CStructAttribute = "KernelConnector.CStructAttribute";

    /// <summary>The version written into <c>[GeneratedCode]</c>.</summary>
    public const string GeneratorVersion = "0.1.0";
}
