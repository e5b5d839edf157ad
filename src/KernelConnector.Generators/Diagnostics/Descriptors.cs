using Microsoft.CodeAnalysis;

namespace KernelConnector.Generators.Diagnostics;

/// <summary>Every diagnostic KernelConnector reports; each has a section in docs/diagnostics.md.</summary>
internal static class Descriptors
{
    private const string Wire = "KernelConnector.Wire";
    private const string Layout = "KernelConnector.Layout";
    private const string Usage = "KernelConnector.Usage";
    // Each rule's section in docs/diagnostics.md, under the one repository URL Directory.Build.props names.
    private const string HelpBase = BuildInfo.RepositoryUrl + "/blob/" + BuildInfo.RepositoryBranch + "/docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor DuplicateId = Create(
        "KC0001", "Duplicate connector id",
        "Connector id {{{0}, {1}}} of '{2}' is also used by '{3}'; a receiver could not tell them apart",
        "A receiver routes a message to its type by its {idx, val} connector id, so two receivable message types, in this compilation or a referenced assembly, must not share one. Send-only types may share an id with a received type.",
        Wire, DiagnosticSeverity.Error, WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor PayloadTooLarge = Create(
        "KC0002", "Payload too large for the kernel connector",
        "'{0}' needs up to {1} bytes of payload ({2} fixed + {3} trailing), over the limit of {4} bytes ({5})",
        "The kernel drops a connector message whose payload exceeds CONNECTOR_MAX_MSG_SIZE minus the cn_msg header, and cn_msg.len is a u16; the fixed size plus MaxTrailingBytes must fit in the limit the message names (Connector.MaxPayloadSize).",
        Wire, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NotPartial = Create(
        "KC0003", "Message struct must be partial",
        "'{0}' must be declared partial so that the generator can implement IConnectorMessage<{0}>",
        "The generator adds the IConnectorMessage<T> implementation in a partial declaration of the struct; without 'partial' nothing is generated.",
        Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Create(
        "KC0004", "Containing type must be partial",
        "'{0}', which contains '{1}', must be declared partial so that the generator can extend '{1}'",
        "A nested message struct can be extended only if every type that contains it is partial too.",
        Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor FieldWithoutFixedLayout = Create(
        "KC0005", "Field has no fixed byte layout",
        "Field '{0}' of type '{1}' has no fixed byte layout (a reference, or a struct the runtime may lay out as it likes); a connector payload must be plain bytes",
        "A connector payload is plain bytes: references, decimal and structs the runtime lays out as it likes (LayoutKind.Auto) have no fixed byte layout, at any depth.",
        Layout, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CharField = Create(
        "KC0006", "char is 2 bytes in C# but 1 in C",
        "Field '{0}' is a C# char (2 bytes, UTF-16); C's char is 1 byte: use byte",
        "C's char is one byte; C#'s is a two-byte UTF-16 unit, so a char field doubles in size and shifts every field after it.",
        Layout, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor BoolField = Create(
        "KC0007", "bool fields are checked on every read",
        "Field '{0}' is a bool: any byte other than 0 or 1 makes View and TryRead refuse the message; use byte to accept every value",
        "C# assumes a bool byte is 0 or 1, so View and TryRead refuse a message whose bool byte holds another value; a peer that writes 2 for true sees its messages dropped. A byte field accepts every value.",
        Layout, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ImplicitPadding = Create(
        "KC0008", "Implicit padding",
        "The layout inserts {0} byte(s) of padding {1} in '{2}' (at offset {3}); declare them as a field so that the bytes on the wire are visible",
        "Natural alignment inserts bytes no field declares; C inserts them too, but they are invisible in the declaration and carry whatever the sender left there.",
        Layout, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor AutoLayout = Create(
        "KC0009", "Message struct has no fixed layout",
        "'{0}' is LayoutKind.Auto: the runtime may reorder its fields, so its bytes cannot match C; use LayoutKind.Sequential or Explicit",
        "LayoutKind.Auto lets the runtime reorder fields, so the struct's bytes cannot match a C declaration.",
        Layout, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MissingStructLayout = Create(
        "KC0010", "State the message struct's layout",
        "'{0}' relies on C#'s default sequential layout; state it with [StructLayout(LayoutKind.Sequential)] so that readers of the wire format see it",
        "Without [StructLayout] a struct is sequential, but the wire format is easier to review, and safe from a later change to Auto, when the declaration says so.",
        Layout, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor GroupOutOfRange = Create(
        "KC0011", "Multicast group Linux cannot join",
        "'{0}' uses multicast group {1}{2}; Linux can join groups 1 to {3} only: set Group, or UnicastOnly = true if it is never multicast",
        "A listener joins the message's multicast group (by default its idx) to receive it, and Linux can join groups 1 to Netlink.MaxGroup only.",
        Wire, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CallbackSignature = Create(
        "KC0012", "Connector callback has the wrong signature",
        "Callback '{0}' must be 'void {0}(in ReceivedConnectorMessage<T> message)' where T is a [ConnectorMessage] struct that can be received",
        "The generator wires up a [ConnectorCallback] method only if it is 'void M(in ReceivedConnectorMessage<T> message)' for a [ConnectorMessage] struct T; a class the generator cannot complete is KC0022, KC0024 or KC0025.",
        Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateCallback = Create(
        "KC0013", "Two callbacks for one message",
        "'{0}' and '{1}' in '{2}' both handle '{3}'; one message type has one callback",
        "A handler class dispatches each message type to one callback; with two, the dispatch switch could not say which.",
        Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ExplicitOverlap = Create(
        "KC0014", "Fields overlap outside a union",
        "Field '{0}' (offset {1}, {2} bytes) overlaps '{3}' (offset {4}, {5} bytes) without starting where it does; only union arms that share a start offset may overlap",
        "In an explicit layout only union arms, which start at the same offset, may overlap; a field that starts inside another is almost always a wrong offset.",
        Layout, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor FieldPastSize = Create(
        "KC0015", "Field past the declared size",
        "Field '{0}' ends at byte {1}, past the declared StructLayout Size of {2}",
        "With StructLayout Size = N, a field that ends past N bytes makes the struct larger than the size it declares.",
        Layout, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor KernelOwnedId = Create(
        "KC0016", "Connector id owned by the kernel",
        "Connector id {{{0}, {1}}} of '{2}' belongs to the kernel's {3}; a listener drops it from userspace senders by default",
        "The id belongs to an in-kernel connector user; receivers drop messages with such ids from userspace senders by default, as a guard against spoofing.",
        Wire, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ReservedId = Create(
        "KC0017", "Reserved connector id",
        "Connector id {{0xFFFFFFFF, 0xFFFFFFFF}} of '{0}' is the connector's reserved control id",
        "{0xFFFFFFFF, 0xFFFFFFFF} is the connector's control id (id notification), reserved even though Linux removed its use in 2010.",
        Wire, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor GenericMessage = Create(
        "KC0018", "Message struct cannot be generic",
        "'{0}' is generic: its bytes depend on its type arguments, so it cannot have one wire layout",
        "A generic struct's bytes depend on its type arguments, so it has no single wire layout to generate a serializer for.",
        Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor RefStruct = Create(
        "KC0019", "Message struct cannot be a ref struct",
        "'{0}' is a ref struct and cannot be a connector message",
        "A ref struct cannot be the type argument of IConnectorMessage<T> and cannot be copied out of a receive buffer.",
        Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NegativeTrailingBytes = Create(
        "KC0020", "MaxTrailingBytes cannot be negative",
        "'{0}' declares MaxTrailingBytes = {1}; it is how many bytes may follow the fixed part, 0 or more",
        "MaxTrailingBytes is the number of bytes a message may carry after its fixed part. A negative value would make the type refuse every message it reads and throw on every write, so the generator skips the struct.",
        Wire, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NestedPadding = Create(
        "KC0021", "Implicit padding in a nested struct",
        "Field '{0}' of '{1}' is a '{2}', whose layout inserts {3} byte(s) of padding {4} (at offset {5} of '{2}'); declare them in '{2}' so that the bytes on the wire are visible",
        "A struct used as a field of a message is part of the wire format too: the padding natural alignment inserts inside it is as invisible, and as easy to get wrong, as padding in the message itself (KC0008).",
        Layout, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor HandlerNotPartial = Create(
        "KC0022", "Handler class must be partial",
        "'{0}' must be declared partial so that the generator can add Register and Dispatch to handler class '{1}'",
        "The generator adds Register and Dispatch to a class with [ConnectorCallback] methods in a partial declaration; the class and every type containing it must be partial, or nothing is generated and no callback is ever called.",
        Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor SendOnlyCallback = Create(
        "KC0023", "Callback for a send-only message",
        "Callback '{0}' handles '{1}', which is declared Direction = ConnectorDirection.SendOnly and is never received; remove the callback, or let the message be received",
        "A SendOnly message type may share its id with a received type, so a receiver never routes anything to it: a callback for it would never be called. The generator leaves such a callback out.",
        Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor HandlerMemberClash = Create(
        "KC0024", "Handler class declares a member the generator adds",
        "'{0}' declares '{1}', which the generator adds to every handler class ({2}); rename it",
        "The generator adds Register(ConnectorRouter), Dispatch(in ReceivedConnectorMessage) and Dispatch(ReadOnlySpan<byte>, uint) to a handler class; a member of the class with the same signature (or a non-method member with the same name) would clash with them, so the generator skips the class.",
        Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor HandlerClassShape = Create(
        "KC0025", "Handler class must be a non-static, non-generic class",
        "'{0}' has [ConnectorCallback] methods but is {1}; the generator adds Register and Dispatch only to a non-static, non-generic class",
        "The generator adds instance members (Register, Dispatch) to the class of [ConnectorCallback] methods: a static class cannot have them, a generic class has no single dispatch switch, and a struct or an interface is not a handler class. Nothing is generated for it, so none of its callbacks is ever called.",
        Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor AddressField = Create(
        "KC0026", "Pointer or pointer-sized field in a message",
        "Field '{0}' is {1} ('{2}'): an address means nothing to another process or to the kernel, and it is 4 bytes on a 32-bit peer and 8 on a 64-bit one; send the data itself, or a fixed-width integer such as {3} if it is a token or handle",
        "A connector payload goes to another process or to the kernel, where an address of this process points at nothing; and pointers, function pointers, nint, nuint, IntPtr and UIntPtr change size with the peer's architecture, which shifts every field after them. The generator still implements the struct, so that this error is the only one you see.",
        Layout, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor EmptyStructField = Create(
        "KC0027", "Field of an empty struct takes a byte C does not have",
        "Field '{0}' is of the empty struct '{1}': 1 byte in C#, 0 in GNU C, so every field after it is a byte later than in C; remove the field, or declare it as a byte field if a byte is really meant",
        "C# gives a struct without instance fields one byte (Unsafe.SizeOf is 1); GNU C gives struct empty {} none (sizeof is 0). As a field of a message, at any depth, it adds a byte the C peer does not have and shifts every field after it, often with padding that hides where the difference came from. A message without fields is another matter: its payload is 0 bytes, as in C.",
        Layout, DiagnosticSeverity.Warning);

    // C-header parity: KC0030 onwards.
    public static readonly DiagnosticDescriptor HeaderNotFound = Create(
        "KC0030", "C header not among the AdditionalFiles",
        "'{0}' names C header '{1}', which {2}",
        "A [CStruct] struct is compared with its C counterpart in a header that the project lists as an AdditionalFiles item; the header is found by its path or the end of it. Without it nothing is compared.",
        Usage, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CStructNotFound = Create(
        "KC0031", "C struct not in the header",
        "'{0}' names C struct '{1}', which {2} does not declare{3}",
        "The name in [CStruct] must be a struct or union the header (or a header it includes) defines, or a typedef of one.",
        Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor HeaderNotEvaluated = Create(
        "KC0032", "C declaration the reader cannot evaluate",
        "The layout of C struct '{0}' cannot be read from {1}: {2}",
        "The header reader understands the kernel uapi subset of C. Preprocessor conditionals around the struct, macros with arguments in a size, bit-fields, #pragma pack and names defined in a header that is not among the AdditionalFiles are refused rather than guessed, so nothing is compared.",
        Usage, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CSizeMismatch = Create(
        "KC0033", "Size differs from the C struct",
        "'{0}' is {1} bytes, but C's {2} is {3} bytes ({4})",
        "The struct and its C counterpart must have the same size, or every message between C and .NET is cut short or carries bytes the other side does not expect.",
        Layout, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor COffsetMismatch = Create(
        "KC0034", "Field offset differs from C",
        "Field '{0}' is at offset {1}, but its C counterpart '{2}' is at offset {3} ({4})",
        "A field must sit where its C counterpart does; at another offset it reads another member's bytes.",
        Layout, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CFieldSizeMismatch = Create(
        "KC0035", "Field size differs from C",
        "Field '{0}' is {1} ({2} bytes), but its C counterpart '{3}' is {4} ({5} bytes) ({6})",
        "A field must be as wide as its C counterpart; a narrower one drops bytes, a wider one reads the next member's.",
        Layout, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CSignednessMismatch = Create(
        "KC0036", "Field signedness differs from C",
        "Field '{0}' is {1} ({2}), but its C counterpart '{3}' is {4} ({5}): the same bytes read as a different number ({6})",
        "A signed C member read as unsigned (or the other way round) has the right bytes but the wrong value once its top bit is set: -1 becomes 4294967295.",
        Layout, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CArrayLengthMismatch = Create(
        "KC0037", "Array length differs from C",
        "Field '{0}' holds {1} element(s) of {2} byte(s), but its C counterpart '{3}' ({4}) holds {5} of {6} byte(s) ({7})",
        "A fixed buffer or inline array must have the element count and element size of its C array, which is often sized by a #define in the header.",
        Layout, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CMemberMissing = Create(
        "KC0038", "C member without a field",
        "'{0}' has no field for C's '{1}' ({2}, offset {3}, {4} bytes) ({5})",
        "Every member of the C struct needs a field at its offset (for a union, one of its arms does); otherwise its bytes are invisible on the .NET side.",
        Layout, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CExtraField = Create(
        "KC0039", "Field without a C counterpart",
        "Field '{0}' (offset {1}, {2} bytes) has no counterpart in C's {3}: {4} ({5})",
        "A field must match a C member by name or by offset, or lie in the padding C leaves between members; any other field reads bytes C does not send.",
        Layout, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CShapeMismatch = Create(
        "KC0040", "Field shape differs from C",
        "Field '{0}' is {1}, but its C counterpart '{2}' is {3} ({4})",
        "A field must be what its C counterpart is: a number for a number (integer for integer, floating point for floating point), an array for an array, a struct for a struct or union.",
        Layout, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CFlexibleArrayMismatch = Create(
        "KC0041", "Flexible array member and MaxTrailingBytes disagree",
        "'{0}' {1}, but C's {2} ends in the flexible array member '{3}' ({4})",
        "A C struct that ends in a flexible array member (data[]) carries that many bytes after its fixed part: the message must allow them with MaxTrailingBytes, in whole elements, and its trailing bytes must start where the member does.",
        Wire, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CAlignmentMismatch = Create(
        "KC0042", "Alignment differs from C",
        "'{0}' is aligned to {1} byte(s), but C's {2} to {3} ({4}); as a field or an array element it would sit at another offset",
        "__attribute__((packed)) lowers a C struct's alignment to 1 and aligned(n) raises it; the struct must match (Pack = 1, or an explicit layout) so that it sits where C puts it inside other structs and arrays.",
        Layout, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Create(string id, string title, string message, string description, string category, DiagnosticSeverity severity, params string[] tags) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpBase + id.ToLowerInvariant(), customTags: tags);
}
