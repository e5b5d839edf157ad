using System.Collections.Generic;
using System.Threading;

namespace KernelConnector.Generators.CHeaders;

/// <summary>
/// The directives of one header: <c>#define</c>, <c>#undef</c> and <c>#include</c> are recorded;
/// conditionals are not evaluated, but every token under one is marked with it, so that a struct
/// defined (or a size written) there is refused with the conditional's line rather than read with
/// a guess. The include guard (<c>#ifndef X</c> / <c>#define X</c> around the whole file) is
/// recognised and marks nothing. <c>#pragma pack</c> marks the tokens it applies to.
/// </summary>
internal sealed class CPreprocessor(CHeaderFile file)
{
    private readonly List<Conditional> _conditionals = [];
    private readonly List<int> _tokenConditional = [];
    private readonly List<int> _tokenPack = [];
    private readonly List<(CMacro Macro, int Conditional)> _macros = [];
    private int _current = -1;
    private int _pack;

    // The include guard: the first conditional, if a #define of its name follows at once and
    // nothing follows its #endif.
    private int _guard = -1;
    private bool _guardDefined;
    private bool _guardBroken;
    private int _directives;

    public void Run(string text, CancellationToken cancellationToken)
    {
        var lines = CLexer.Lines(text, out var unterminated);
        if (unterminated > 0)
        {
            file.Problems.Add(new CProblem(unterminated, "a comment starts here and never ends: the rest of the header is that comment"));
        }

        foreach (var line in lines)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var hash = FirstNonSpace(line.Text);
            if (hash < 0)
            {
                continue;
            }

            if (line.Text[hash] == '#')
            {
                Directive(line, hash + 1);
                continue;
            }

            var before = file.Tokens.Count;
            CLexer.Tokenize(line, hash, file.Tokens);
            for (var i = before; i < file.Tokens.Count; i++)
            {
                _tokenConditional.Add(_current);
                _tokenPack.Add(_pack);
            }

            if (_guard >= 0 && (!_guardDefined || _conditionals[_guard].Closed))
            {
                _guardBroken = true;
            }
        }

        if (_guard >= 0 && _guardDefined && !_guardBroken && _conditionals[_guard].Closed)
        {
            _conditionals[_guard].IsGuard = true;
        }

        for (var i = 0; i < file.Tokens.Count; i++)
        {
            var problem = Why(_tokenConditional[i], _tokenPack[i]);
            if (problem is not null)
            {
                file.Tokens[i] = file.Tokens[i] with { Problem = problem };
            }
        }

        foreach (var (macro, conditional) in _macros)
        {
            file.Define(Why(conditional, 0) is { } problem ? macro with { Problem = problem } : macro);
        }
    }

    private string? Why(int conditional, int pack)
    {
        for (var c = conditional; c >= 0; c = _conditionals[c].Parent)
        {
            if (!_conditionals[c].IsGuard)
            {
                var condition = _conditionals[c];
                return $"it is under '{condition.Text}' (line {condition.Line}), a preprocessor conditional the reader does not evaluate";
            }
        }

        return pack > 0 ? $"'#pragma pack' (line {pack}) changes the layout, and the reader does not apply it" : null;
    }

    private void Directive(LogicalLine line, int start)
    {
        var text = line.Text;
        var i = SkipSpaces(text, start);
        var nameStart = i;
        while (i < text.Length && char.IsLetter(text[i]))
        {
            i++;
        }

        var name = text.Substring(nameStart, i - nameStart);
        var number = line.CharLines[System.Math.Min(nameStart, line.CharLines.Length - 1)];
        var rest = text.Substring(i).Trim();
        _directives++;
        if (_guard >= 0 && (_conditionals[_guard].Closed || (!_guardDefined && _directives > 2)))
        {
            _guardBroken = true;
        }

        switch (name)
        {
            case "define":
                Define(line, i, number);
                break;
            case "undef":
                file.Undefine(FirstWord(rest), file.Tokens.Count);
                break;
            case "include":
                Include(rest, number);
                break;
            case "if" or "ifdef" or "ifndef":
                _conditionals.Add(new Conditional(number, ("#" + name + " " + rest).Trim(), _current));
                _current = _conditionals.Count - 1;
                if (name == "ifndef" && _conditionals.Count == 1 && file.Tokens.Count == 0)
                {
                    _guard = _current;
                }

                break;
            case "elif" or "else":
                if (_current >= 0)
                {
                    if (_current == _guard)
                    {
                        _guardBroken = true;
                    }

                    var parent = _conditionals[_current].Parent;
                    _conditionals[_current].Closed = true;
                    _conditionals.Add(new Conditional(number, ("#" + name + " " + rest).Trim(), parent));
                    _current = _conditionals.Count - 1;
                }

                break;
            case "endif":
                if (_current >= 0)
                {
                    _conditionals[_current].Closed = true;
                    _current = _conditionals[_current].Parent;
                }
                else
                {
                    file.Problems.Add(new CProblem(number, "'#endif' without '#if'"));
                }

                break;
            case "pragma":
                Pragma(rest, number);
                break;
        }
    }

    private void Define(LogicalLine line, int at, int number)
    {
        var text = line.Text;
        var i = SkipSpaces(text, at);
        var nameStart = i;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '$'))
        {
            i++;
        }

        if (i == nameStart)
        {
            file.Problems.Add(new CProblem(number, "'#define' without a name"));
            return;
        }

        var name = text.Substring(nameStart, i - nameStart);
        if (_guard >= 0 && !_guardDefined && _current == _guard && _directives == 2 && name == GuardName())
        {
            _guardDefined = true;
        }

        var functionLike = i < text.Length && text[i] == '(';
        if (functionLike)
        {
            var close = text.IndexOf(')', i);
            i = close < 0 ? text.Length : close + 1;
        }

        var body = new List<CToken>();
        CLexer.Tokenize(line, i, body);
        _macros.Add((new CMacro(name, functionLike, body, number, file.Tokens.Count, null), _current));
    }

    private string GuardName() => FirstWord(_conditionals[_guard].Text.Substring("#ifndef".Length).Trim());

    private void Include(string rest, int number)
    {
        var path = rest.Length > 1 && rest[0] is '<' or '"'
            ? rest.Substring(1, System.Math.Max(0, rest.IndexOfAny(['>', '"'], 1) - 1))
            : rest;
        file.Includes.Add(new CInclude(path.Trim(), number));
    }

    private void Pragma(string rest, int number)
    {
        if (!rest.StartsWith("pack", System.StringComparison.Ordinal))
        {
            return;
        }

        var arguments = rest.Substring(4).Replace(" ", "");
        _pack = arguments is "()" or "(pop)" or "" ? 0 : number;
    }

    private static string FirstWord(string text)
    {
        var end = 0;
        while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '_' or '$'))
        {
            end++;
        }

        return text.Substring(0, end);
    }

    private static int FirstNonSpace(string text)
    {
        var i = SkipSpaces(text, 0);
        return i < text.Length ? i : -1;
    }

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        return i;
    }

    private sealed class Conditional(int line, string text, int parent)
    {
        public int Line { get; } = line;

        public string Text { get; } = text;

        public int Parent { get; } = parent;

        public bool Closed { get; set; }

        public bool IsGuard { get; set; }
    }
}
