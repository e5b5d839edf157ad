namespace KernelConnector.Generators.Common;

/// <summary>Metadata names of the runtime's types that the generator and analyzers look for.</summary>
internal static class KnownNames
{
    public const string ConnectorMessageAttribute = "KernelConnector.ConnectorMessageAttribute";
    public const string ConnectorCallbackAttribute = "KernelConnector.ConnectorCallbackAttribute";
    public const string ClosedEnumAttribute = "KernelConnector.ClosedEnumAttribute";
    public const string SequenceKeyAttribute = "KernelConnector.SequenceKeyAttribute";
    public const string ConnectorMessageOfT = "KernelConnector.ConnectorMessage`1";
    public const string IConnectorMessageOfT = "KernelConnector.IConnectorMessage`1";
    public const string ConnectorConstants = "KernelConnector.Connector";
    public const string NetlinkConstants = "KernelConnector.Netlink";
    public const string InlineArrayAttribute = "System.Runtime.CompilerServices.InlineArrayAttribute";
    public const string StructLayoutAttribute = "System.Runtime.InteropServices.StructLayoutAttribute";
    public const string FieldOffsetAttribute = "System.Runtime.InteropServices.FieldOffsetAttribute";
    public const string GeneratedCodeAttribute = "System.CodeDom.Compiler.GeneratedCodeAttribute";

    /// <summary>The tool name written into <c>[GeneratedCode]</c>, by which the analyzers know the generator's own output.</summary>
    public const string GeneratorName = "KernelConnector.Generators";

    /// <summary>The version written into <c>[GeneratedCode]</c>: the package's, from Directory.Build.props.</summary>
    public const string GeneratorVersion = BuildInfo.Version;
}
