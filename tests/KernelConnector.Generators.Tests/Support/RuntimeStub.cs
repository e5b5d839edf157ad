namespace KernelConnector.Generators.Tests.Support;

/// <summary>
/// A stand-in for the KernelConnector runtime with other limits than the real one's, to show that
/// the analyzers take the limits from the runtime the code is compiled against.
/// </summary>
internal static class RuntimeStub
{
    public const string Source = """
        namespace KernelConnector
        {
            [System.AttributeUsage(System.AttributeTargets.Struct)]
            public sealed class ConnectorMessageAttribute : System.Attribute
            {
                public ConnectorMessageAttribute(uint idx, uint val) { }
                public uint Group { get; set; }
                public int MaxTrailingBytes { get; set; }
                public bool UnicastOnly { get; set; }
            }

            [System.AttributeUsage(System.AttributeTargets.Method)]
            public sealed class ConnectorCallbackAttribute : System.Attribute { }

            [System.AttributeUsage(System.AttributeTargets.Enum | System.AttributeTargets.Field)]
            public sealed class ClosedEnumAttribute : System.Attribute { }

            [System.AttributeUsage(System.AttributeTargets.Field)]
            public sealed class SequenceKeyAttribute : System.Attribute { }

            public readonly struct ReceivedConnectorMessage<T> where T : unmanaged { }

            public readonly struct ReceivedConnectorMessage { }

            public readonly record struct CbId(uint Idx, uint Val);

            public sealed class ConnectorRouter { }

            [System.AttributeUsage(System.AttributeTargets.Struct)]
            public sealed class CStructAttribute : System.Attribute { public CStructAttribute(string header, string name) { } }
        }

        namespace KernelConnector.Wire
        {
            public static class Connector
            {
                public const int MaxMessageSize = 100;
                public const int HeaderSize = 20;
                public const int MaxPayloadSize = MaxMessageSize - HeaderSize;
            }

            public static class Netlink
            {
                public const uint MaxGroup = 4;
            }
        }
        """;
}
