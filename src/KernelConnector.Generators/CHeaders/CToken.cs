namespace KernelConnector.Generators.CHeaders;

/// <summary>What a C token is.</summary>
internal enum CTokenKind
{
    Identifier,
    Number,
    CharLiteral,
    StringLiteral,
    Punctuator,

    /// <summary>A character C does not use (garbage, or a token the lexer does not know).</summary>
    Other,
}

/// <summary>
/// One C token. <see cref="Problem"/> is set when the token cannot be trusted (it sits under a
/// preprocessor conditional, or came from a macro the reader does not evaluate): whatever uses it
/// reports that reason instead of a layout.
/// </summary>
/// <param name="Kind">The token's kind.</param>
/// <param name="Text">Its text.</param>
/// <param name="Line">The 1-based line of the header it was read from (for a macro's expansion, the line of the use).</param>
/// <param name="Problem">Why the token cannot be trusted, or null.</param>
/// <param name="Hidden">The macros whose expansion produced it, which must not expand again inside it.</param>
internal readonly record struct CToken(CTokenKind Kind, string Text, int Line, string? Problem = null, MacroChain? Hidden = null)
{
    public bool Is(string text) => Text == text && Kind is CTokenKind.Punctuator or CTokenKind.Identifier;

    public bool IsIdentifier => Kind == CTokenKind.Identifier;
}

/// <summary>The names of the macros being expanded around a token (C's "hide set").</summary>
internal sealed class MacroChain(string name, MacroChain? parent)
{
    public bool Contains(string macro)
    {
        for (var chain = this; chain is not null; chain = chain.Parent)
        {
            if (chain.Name == macro)
            {
                return true;
            }
        }

        return false;
    }

    public string Name { get; } = name;

    public MacroChain? Parent { get; } = parent;
}
