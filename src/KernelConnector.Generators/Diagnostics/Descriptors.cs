using Microsoft.CodeAnalysis;

namespace KernelConnector.Generators.Diagnostics;

/// <summary>Every diagnostic KernelConnector reports; each has a section in docs/diagnostics.md.</summary>
internal static class Descriptors
{
    private const string Wire = "KernelConnector.Wire";
    private const string Layout = "KernelConnector.Layout";
    private const string Usage = "KernelConnector.Usage";
    private const string HelpBase = "https://github.com/kernelconnector/kernelconnector/blob/main/docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor DuplicateId = Create(
        "KC0001", "Duplicate connector id",
        "Connector id {{{0}, {1}}} of '{2}' is also used by '{3}'; a receiver could not tell them apart",
        Wire, DiagnosticSeverity.Error, WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor PayloadTooLarge = Create(
        "KC0002", "Payload too large for the kernel connector",
        "'{0}' needs up to {1} bytes of payload ({2} fixed + {3} trailing), over the limit of {4} bytes ({5})",
        Wire, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NotPartial = Create(
        "KC0003", "Message struct must be partial",
        "'{0}' must be declared partial so that the generator can implement IConnectorMessage<{0}>",
        Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Create(
        "KC0004", "Containing type must be partial",
        "'{0}', which contains '{1}', must be declared partial so that the generator can extend '{1}'",
        Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor FieldWithoutFixedLayout = Create(
        "KC0005", "Field has no fixed byte layout",
        "Field '{0}' of type '{1}' has no fixed byte layout (a reference, or a struct the runtime may lay out as it likes); a connector payload must be plain bytes",
        Layout, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CharField = Create(
        "KC0006", "char is 2 bytes in C# but 1 in C",
        "Field '{0}' is a C# char (2 bytes, UTF-16); C's char is 1 byte: use byte",
        Layout, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor BoolField = Create(
        "KC0007", "bool fields are checked on every read",
        "Field '{0}' is a bool: any byte other than 0 or 1 makes View and TryRead refuse the message; use byte to accept every value",
        Layout, DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor ImplicitPadding = Create(
        "KC0008", "Implicit padding",
        "The layout inserts {0} byte(s) of padding {1} in '{2}' (at offset {3}); declare them as a field so that the bytes on the wire are visible",
        Layout, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor AutoLayout = Create(
        "KC0009", "Message struct has no fixed layout",
        "'{0}' is LayoutKind.Auto: the runtime may reorder its fields, so its bytes cannot match C; use LayoutKind.Sequential or Explicit",
        Layout, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MissingStructLayout = Create(
        "KC0010", "State the message struct's layout",
        "'{0}' relies on C#'s default sequential layout; state it with [StructLayout(LayoutKind.Sequential)] so that readers of the wire format see it",
        Layout, DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor GroupOutOfRange = Create(
        "KC0011", "Multicast group Linux cannot join",
        "'{0}' uses multicast group {1}{2}; Linux can join groups 1 to 32 only: set Group, or UnicastOnly = true if it is never multicast",
        Wire, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CallbackSignature = Create(
        "KC0012", "Connector callback has the wrong signature",
        "Callback '{0}' must be 'void {0}(in ConnectorMessage<T> message)' where T is a [ConnectorMessage] struct that can be received{1}",
        Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateCallback = Create(
        "KC0013", "Two callbacks for one message",
        "'{0}' and '{1}' in '{2}' both handle '{3}'; one message type has one callback",
        Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ExplicitOverlap = Create(
        "KC0014", "Fields overlap outside a union",
        "Field '{0}' (offset {1}, {2} bytes) overlaps '{3}' (offset {4}, {5} bytes) without starting where it does; only union arms that share a start offset may overlap",
        Layout, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor FieldPastSize = Create(
        "KC0015", "Field past the declared size",
        "Field '{0}' ends at byte {1}, past the declared StructLayout Size of {2}",
        Layout, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor KernelOwnedId = Create(
        "KC0016", "Connector id owned by the kernel",
        "Connector id {{{0}, {1}}} of '{2}' belongs to the kernel's {3}; a listener drops it from userspace senders by default",
        Wire, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ReservedId = Create(
        "KC0017", "Reserved connector id",
        "Connector id {{0xFFFFFFFF, 0xFFFFFFFF}} of '{0}' is the connector's reserved control id",
        Wire, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor GenericMessage = Create(
        "KC0018", "Message struct cannot be generic",
        "'{0}' is generic: its bytes depend on its type arguments, so it cannot have one wire layout",
        Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor RefStruct = Create(
        "KC0019", "Message struct cannot be a ref struct",
        "'{0}' is a ref struct and cannot be a connector message",
        Usage, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity, params string[] tags) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, description: null, helpLinkUri: HelpBase + id.ToLowerInvariant(), customTags: tags);
}
