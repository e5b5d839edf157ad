using KernelConnector.Generators.Common;

namespace KernelConnector.Generators.CHeaders;

/// <summary>What a laid-out C member is.</summary>
internal enum CNodeKind
{
    /// <summary>An integer, enum or floating-point number.</summary>
    Scalar,

    /// <summary>A pointer (8 bytes on the 64-bit Linux ABIs).</summary>
    Pointer,

    /// <summary>An array; <see cref="CNode.Element"/> is its element.</summary>
    Array,

    Struct,

    Union,
}

/// <summary>How a C scalar's bits are read as a number.</summary>
internal enum CSignedness
{
    Signed,
    Unsigned,

    /// <summary>Either reading is right: plain <c>char</c> (signed on x86_64, unsigned on aarch64), an enum whose values fit both.</summary>
    Either,

    Float,
}

/// <summary>The header line a node was declared on, as diagnostics quote it.</summary>
/// <param name="File">The header's file name.</param>
/// <param name="Path">The header's path, for a location in it.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Text">The line's text, trimmed.</param>
internal sealed record CQuote(string File, string Path, int Line, string Text)
{
    public override string ToString() => $"{File}:{Line} `{Text}`";
}

/// <summary>
/// A C member, or a whole struct, laid out by the x86_64/aarch64 Linux ABI: offset (from the
/// containing struct or union), size and alignment, and for aggregates their members. Values
/// only, so that two layouts of the same declarations compare equal and a comparison made with
/// one is valid for the other.
/// </summary>
/// <param name="Name">The member's name; empty for an anonymous struct or union, or for a type.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Offset">Its offset in the containing struct or union.</param>
/// <param name="Size">Its size in bytes (0 for a flexible array member).</param>
/// <param name="Alignment">Its alignment in bytes.</param>
/// <param name="TypeText">Its C type as a reader would write it: <c>__u32</c>, <c>char[16]</c>, <c>struct cb_id</c>.</param>
/// <param name="Signedness">For a scalar, how its bits are read.</param>
/// <param name="Length">For an array, its element count (0 for a flexible array member).</param>
/// <param name="Element">For an array, its element.</param>
/// <param name="Members">For a struct or union, its members in declaration order.</param>
/// <param name="IsFlexible">Whether it is a flexible array member (<c>data[]</c>, or GNU's <c>data[0]</c> at the end).</param>
/// <param name="Quote">The line that declares it.</param>
internal sealed record CNode(
    string Name,
    CNodeKind Kind,
    int Offset,
    int Size,
    int Alignment,
    string TypeText,
    CSignedness Signedness,
    int Length,
    CNode? Element,
    EquatableArray<CNode> Members,
    bool IsFlexible,
    CQuote Quote)
{
    public bool IsRecord => Kind is CNodeKind.Struct or CNodeKind.Union;

    /// <summary>For an array, its innermost element and how many of them it holds: <c>__u16 grid[2][3]</c> is 6 <c>__u16</c>.</summary>
    public (CNode Element, int Count) Innermost()
    {
        long count = Length;
        var element = Element!;
        while (element.Kind == CNodeKind.Array && element.Element is { } inner)
        {
            count *= element.Length;
            element = inner;
        }

        return (element, (int)count);
    }

    /// <summary>The flexible array member that ends a struct, or null.</summary>
    public CNode? FlexibleMember => Kind == CNodeKind.Struct && Members.Count > 0 && Members[Members.Count - 1].IsFlexible ? Members[Members.Count - 1] : null;
}
