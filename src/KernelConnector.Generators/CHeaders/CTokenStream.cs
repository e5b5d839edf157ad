using System;
using System.Collections.Generic;

namespace KernelConnector.Generators.CHeaders;

/// <summary>
/// The tokens of a header with its own object-like macros expanded, as the parser reads them. A
/// function-like macro's use is not expanded: it becomes one token whose
/// <see cref="CToken.Problem"/> names the macro, so that a size or type written with it is refused
/// with that reason. Expansion is bounded, so a macro that expands without end cannot hang it.
/// </summary>
internal sealed class CTokenStream
{
    private const int MaxExpansions = 100_000;
    private readonly IReadOnlyList<CToken> _tokens;
    private readonly Func<string, int, CMacro?> _macro;
    private readonly List<CToken> _pending = [];   // raw tokens to read before _tokens[_index]; the next is last
    private readonly List<CToken> _ready = [];     // expanded tokens, for look-ahead; the next is first
    private int _readyStart;
    private int _index;
    private int _expansions;

    /// <param name="tokens">The header's tokens.</param>
    /// <param name="macro">The macro of a name at a token index of the header, or null; null for no expansion.</param>
    public CTokenStream(IReadOnlyList<CToken> tokens, Func<string, int, CMacro?>? macro)
    {
        _tokens = tokens;
        _macro = macro ?? ((_, _) => null);
    }

    /// <summary>The index in the header's tokens of what is read next: macros defined before it apply.</summary>
    public int Position => _index;

    public bool AtEnd => !Fill(0);

    /// <summary>The token <paramref name="ahead"/> places ahead; an empty punctuator past the end.</summary>
    public CToken Peek(int ahead = 0) =>
        Fill(ahead) ? _ready[_readyStart + ahead] : new CToken(CTokenKind.Punctuator, "", LastLine);

    public CToken Next()
    {
        var token = Peek();
        if (_readyStart < _ready.Count)
        {
            _readyStart++;
            if (_readyStart == _ready.Count)
            {
                _ready.Clear();
                _readyStart = 0;
            }
        }

        return token;
    }

    private int LastLine => _tokens.Count > 0 ? _tokens[_tokens.Count - 1].Line : 1;

    private bool Fill(int ahead)
    {
        while (_ready.Count - _readyStart <= ahead)
        {
            if (ReadRaw() is not { } token)
            {
                return false;
            }

            if (!token.IsIdentifier || token.Hidden?.Contains(token.Text) == true || _macro(token.Text, _index) is not { } macro)
            {
                _ready.Add(token);
                continue;
            }

            if (macro.IsFunctionLike)
            {
                if (PeekRaw() is { } open && open.Is("("))
                {
                    SkipArguments();
                    _ready.Add(token with { Problem = $"'{macro.Name}' (line {macro.Line}) is a macro with arguments, which the reader does not evaluate" });
                }
                else
                {
                    _ready.Add(token);
                }

                continue;
            }

            if (++_expansions > MaxExpansions)
            {
                _ready.Add(token with { Problem = $"the expansion of macro '{macro.Name}' does not end (or is too large to follow)" });
                continue;
            }

            // The expansion is read next, at the line of the use, and cannot expand the same macro again.
            var hidden = new MacroChain(macro.Name, token.Hidden);
            for (var i = macro.Body.Count - 1; i >= 0; i--)
            {
                var body = macro.Body[i];
                _pending.Add(body with { Line = token.Line, Hidden = hidden, Problem = macro.Problem ?? body.Problem ?? token.Problem });
            }
        }

        return true;
    }

    private CToken? ReadRaw()
    {
        if (_pending.Count > 0)
        {
            var last = _pending[_pending.Count - 1];
            _pending.RemoveAt(_pending.Count - 1);
            return last;
        }

        return _index < _tokens.Count ? _tokens[_index++] : null;
    }

    private CToken? PeekRaw() =>
        _pending.Count > 0 ? _pending[_pending.Count - 1] : _index < _tokens.Count ? _tokens[_index] : null;

    private void SkipArguments()
    {
        var depth = 0;
        while (ReadRaw() is { } token)
        {
            if (token.Is("("))
            {
                depth++;
            }
            else if (token.Is(")") && --depth == 0)
            {
                return;
            }
        }
    }
}
