using KernelConnector.Generators.Common;

namespace KernelConnector.Generators.Model;

// The pipeline's models: strings, numbers and equatable arrays only (no symbols, syntax or
// locations), so that an edit that does not change them leaves every later step cached.

/// <summary>A type that contains the target, outermost first: its keyword (class, struct, record, ...) and name with type parameters.</summary>
internal sealed record ContainingType(string Keyword, string NameWithTypeParameters);

/// <summary>Where a generated partial declaration goes.</summary>
/// <param name="Namespace">The namespace, empty for the global one.</param>
/// <param name="ContainingTypes">Enclosing types, outermost first.</param>
/// <param name="Keyword">The target's own keyword: <c>struct</c>, <c>record struct</c>, <c>class</c>, ...</param>
/// <param name="Name">The target's name.</param>
/// <param name="HintName">A stable, unique file name for the generated source.</param>
/// <param name="DisplayName">The name used in messages: namespace-qualified, with containing types.</param>
internal sealed record TargetDeclaration(
    string Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string Keyword,
    string Name,
    string HintName,
    string DisplayName);

/// <summary>What a payload check verifies.</summary>
internal enum CheckKind
{
    /// <summary>A <c>bool</c> must hold 0 or 1.</summary>
    Bool,

    /// <summary>A closed enum must hold one of its declared values.</summary>
    ClosedEnum,
}

/// <summary>
/// One field (at any depth) that zero-copy reading cannot trust. <see cref="Path"/> reaches it from
/// the message (<c>Inner.Flags</c>); each entry of <see cref="Loops"/> is the length of an
/// inline array or fixed buffer on the way, indexed in <see cref="Path"/> by <c>{0}</c>, <c>{1}</c>, ...
/// </summary>
internal sealed record FieldCheck(
    string Path,
    CheckKind Kind,
    EquatableArray<int> Loops,
    string EnumType,
    EquatableArray<string> EnumValues,
    bool NeedsUnsafe);

/// <summary>Everything the generator emits for one <c>[ConnectorMessage]</c> struct.</summary>
/// <param name="Fieldless">
/// The struct has no fields and declares no size: its fixed part is 0 bytes on the wire, though
/// the runtime gives the struct one byte.
/// </param>
internal sealed record MessageModel(
    TargetDeclaration Target,
    uint Idx,
    uint Val,
    uint Group,
    int MaxTrailingBytes,
    string? SequenceKeyField,
    EquatableArray<FieldCheck> Checks,
    EquatableArray<string> ExplicitMembers,
    bool Fieldless);

/// <summary>One <c>[ConnectorCallback]</c> method and the message it handles.</summary>
internal sealed record CallbackModel(string MethodName, bool IsStatic, string MessageType, uint Idx, uint Val);

/// <summary>
/// One <c>[ConnectorCallback]</c> method as the generator first sees it: the class it belongs to,
/// and the callback unless the generator leaves it out (the analyzers say why).
/// </summary>
internal sealed record CallbackItem(TargetDeclaration Handler, CallbackModel? Callback);

/// <summary>Everything the generator emits for one handler class.</summary>
internal sealed record HandlerModel(TargetDeclaration Target, EquatableArray<CallbackModel> Callbacks);
