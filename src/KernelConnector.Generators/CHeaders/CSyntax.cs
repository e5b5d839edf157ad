using System.Collections.Generic;

namespace KernelConnector.Generators.CHeaders;

// What the parser reads from a header: declarations as written, not yet laid out. Sizes stay
// token lists until the layout evaluates them, because they may name macros or enumerators of
// other headers.

/// <summary><c>__attribute__((packed))</c> and <c>aligned</c>, where they are written.</summary>
internal sealed class CAttributes
{
    public bool Packed { get; set; }

    /// <summary>The tokens of <c>aligned(n)</c>'s argument; empty for a bare <c>aligned</c> (the target's largest alignment).</summary>
    public IReadOnlyList<CToken>? Aligned { get; set; }

    public int AlignedLine { get; set; }

    public void Add(CAttributes other)
    {
        Packed |= other.Packed;
        if (other.Aligned is not null)
        {
            Aligned = other.Aligned;
            AlignedLine = other.AlignedLine;
        }
    }
}

/// <summary>The declaration specifiers: type keywords or a typedef name, or a struct, union or enum, and attributes.</summary>
internal sealed class CSpecifiers
{
    public List<CToken> Words { get; } = [];

    public CRecordSyntax? Record { get; set; }

    public CEnumSyntax? Enum { get; set; }

    public CAttributes Attributes { get; } = new();

    public int Line { get; set; }
}

/// <summary>One declared name with its pointers, array sizes, bit width and attributes.</summary>
internal sealed class CDeclarator
{
    public CToken? Name { get; set; }

    public int Pointers { get; set; }

    public bool IsFunction { get; set; }

    /// <summary>Each dimension's size tokens, outermost first; an empty list is <c>[]</c>.</summary>
    public List<IReadOnlyList<CToken>> Arrays { get; } = [];

    public IReadOnlyList<CToken>? BitWidth { get; set; }

    public CAttributes Attributes { get; } = new();

    public int Line { get; set; }
}

/// <summary>A member declaration of a struct or union: one or more declarators, or an anonymous struct or union.</summary>
internal sealed class CMemberSyntax(CSpecifiers specifiers, int line)
{
    public CSpecifiers Specifiers { get; } = specifiers;

    public List<CDeclarator> Declarators { get; } = [];

    public int Line { get; } = line;
}

/// <summary>A struct or union as written; <see cref="Members"/> is null for a reference to one declared elsewhere.</summary>
internal sealed class CRecordSyntax(bool isUnion, string? tag, int line)
{
    public bool IsUnion { get; } = isUnion;

    public string? Tag { get; } = tag;

    public int Line { get; } = line;

    public List<CMemberSyntax>? Members { get; set; }

    public CAttributes Attributes { get; } = new();

    /// <summary>The first reason its layout cannot be trusted, found while parsing it.</summary>
    public CProblem? Problem { get; set; }

    public string Keyword => IsUnion ? "union" : "struct";

    public string DisplayName => Tag is null ? $"{Keyword} (anonymous)" : $"{Keyword} {Tag}";
}

/// <summary>An enum as written.</summary>
internal sealed class CEnumSyntax(string? tag, int line)
{
    public string? Tag { get; } = tag;

    public int Line { get; } = line;

    public List<CEnumerator>? Values { get; set; }

    public CAttributes Attributes { get; } = new();

    public CProblem? Problem { get; set; }

    public string DisplayName => Tag is null ? "enum (anonymous)" : "enum " + Tag;
}

/// <summary>One enumerator; its value is the expression's, or the previous one's plus one.</summary>
internal sealed class CEnumerator(CToken name, IReadOnlyList<CToken>? value, CEnumSyntax owner, int index)
{
    public CToken Name { get; } = name;

    public IReadOnlyList<CToken>? Value { get; } = value;

    public CEnumSyntax Owner { get; } = owner;

    public int Index { get; } = index;
}

/// <summary>A typedef: the name and the type it stands for.</summary>
internal sealed class CTypedefSyntax(CToken name, CSpecifiers specifiers, CDeclarator declarator)
{
    public CToken Name { get; } = name;

    public CSpecifiers Specifiers { get; } = specifiers;

    public CDeclarator Declarator { get; } = declarator;

    public CProblem? Problem { get; set; }
}
