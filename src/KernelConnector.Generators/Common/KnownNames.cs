namespace KernelConnector.Generators.Common;

/// <summary>
/// Metadata names of the types the generator and analyzers look for: the runtime's and the BCL's.
/// Only <see cref="KnownSymbols"/> and the generator's attribute lookups use them; everything
/// else compares the symbols they resolve to.
/// </summary>
internal static class KnownNames
{
    public const string ConnectorMessageAttribute = "KernelConnector.ConnectorMessageAttribute";
    public const string ConnectorCallbackAttribute = "KernelConnector.ConnectorCallbackAttribute";
    public const string ClosedEnumAttribute = "KernelConnector.ClosedEnumAttribute";
    public const string SequenceKeyAttribute = "KernelConnector.SequenceKeyAttribute";
    public const string ReceivedConnectorMessageOfT = "KernelConnector.ReceivedConnectorMessage`1";
    public const string ConnectorRouter = "KernelConnector.ConnectorRouter";
    public const string ReceivedConnectorMessage = "KernelConnector.ReceivedConnectorMessage";
    public const string ConnectorConstants = "KernelConnector.Wire.Connector";
    public const string NetlinkConstants = "KernelConnector.Wire.Netlink";
    public const string InlineArrayAttribute = "System.Runtime.CompilerServices.InlineArrayAttribute";
    public const string StructLayoutAttribute = "System.Runtime.InteropServices.StructLayoutAttribute";
    public const string FieldOffsetAttribute = "System.Runtime.InteropServices.FieldOffsetAttribute";
    public const string GeneratedCodeAttribute = "System.CodeDom.Compiler.GeneratedCodeAttribute";
    public const string DateTimeOffset = "System.DateTimeOffset";
    public const string KeyValuePair = "System.Collections.Generic.KeyValuePair`2";
    public const string ReadOnlySpan = "System.ReadOnlySpan`1";
    public const string CStructAttribute = "KernelConnector.CStructAttribute";

    /// <summary>The tool name written into <c>[GeneratedCode]</c>, by which the analyzers know the generator's own output.</summary>
    public const string GeneratorName = "KernelConnector.Generators";

    /// <summary>The version written into <c>[GeneratedCode]</c>: the package's, from Directory.Build.props.</summary>
    public const string GeneratorVersion = BuildInfo.Version;
}
