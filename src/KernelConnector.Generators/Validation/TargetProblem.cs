using Microsoft.CodeAnalysis;

namespace KernelConnector.Generators.Validation;

/// <summary>What makes a <c>[ConnectorMessage]</c> struct impossible to generate for.</summary>
internal enum TargetProblemKind
{
    /// <summary>The struct is not <c>partial</c>.</summary>
    NotPartial,

    /// <summary>A type that contains the struct is not <c>partial</c>.</summary>
    ContainingTypeNotPartial,

    /// <summary>The struct itself is generic: its layout depends on its type arguments.</summary>
    GenericMessage,

    /// <summary>A field (at any depth) is a reference, or a struct without a fixed layout.</summary>
    FieldWithoutFixedLayout,

    /// <summary>The struct is <c>LayoutKind.Auto</c>: the runtime may reorder its fields.</summary>
    AutoLayout,

    /// <summary>The struct is a <c>ref struct</c>.</summary>
    RefStruct,

    /// <summary><c>MaxTrailingBytes</c> is negative: the type would refuse every message.</summary>
    NegativeTrailingBytes,
}

/// <summary>One problem, with what the analyzers need to report it.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Member">The type or field path it concerns (<c>Inner.Stamp</c>).</param>
/// <param name="Detail">The offending type or a short explanation.</param>
/// <param name="Location">The field it concerns, or <see langword="null"/> for the whole struct.</param>
internal readonly record struct TargetProblem(TargetProblemKind Kind, string Member, string Detail, Location? Location);
