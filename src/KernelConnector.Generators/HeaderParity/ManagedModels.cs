using KernelConnector.Generators.Common;

namespace KernelConnector.Generators.HeaderParity;

// The C# side of a comparison, as values: what a struct's fields are and where they sit. No
// symbols, so that a comparison can be cached across compilations while the struct is unchanged.

/// <summary>What a C# field's type is, as far as its bytes go.</summary>
internal enum ManagedKind
{
    Integer,
    Float,
    Pointer,

    /// <summary>A fixed buffer or an inline array; <see cref="ManagedType.Element"/> is its element.</summary>
    Array,

    Struct,
}

/// <summary>A C# field's type.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Display">How C# writes it: <c>uint</c>, <c>ProcEventKind</c>, <c>fixed byte[16]</c>.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Alignment">Its alignment in bytes.</param>
/// <param name="Signed">For an integer (or enum), whether it reads its top bit as a sign.</param>
/// <param name="Length">For an array, its element count.</param>
/// <param name="Element">For an array, its element.</param>
/// <param name="Struct">For a struct, its fields.</param>
internal sealed record ManagedType(ManagedKind Kind, string Display, int Size, int Alignment, bool Signed, int Length, ManagedType? Element, ManagedStruct? Struct);

/// <summary>A C# field and where it sits.</summary>
internal sealed record ManagedField(string Name, int Offset, ManagedType Type);

/// <summary>A C# struct's layout, as the runtime lays it out.</summary>
internal sealed record ManagedStruct(string Name, int Size, int Alignment, EquatableArray<ManagedField> Fields);
