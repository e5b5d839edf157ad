using System.Collections.Generic;
using System.Threading;

namespace KernelConnector.Generators.CHeaders;

/// <summary>
/// Reads the declarations of a header: structs, unions, enums and typedefs (at any nesting), and
/// skips what else a header may hold (function prototypes and bodies, variables, <c>extern "C"</c>).
/// A declaration it cannot read is recorded as a problem at its line, and reading goes on after
/// its <c>;</c>, so one bad line never hides the rest of the header.
/// </summary>
internal sealed class CParser
{
    private const int MaxDepth = 64;

    private static readonly HashSet<string> Ignored =
    [
        "const", "volatile", "restrict", "__restrict", "__restrict__", "static", "extern", "inline", "__inline", "__inline__",
        "register", "auto", "_Noreturn", "__extension__", "__user", "__force", "__iomem", "__rcu", "__bitwise", "__bitwise__",
        "__kernel", "__must_check", "__always_inline", "__const", "__volatile__", "_Atomic",
    ];

    private static readonly HashSet<string> TypeKeywords =
    [
        "void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool", "__signed__", "__signed",
        "__int128", "_Complex",
    ];

    private readonly CTokenStream _stream;
    private readonly CHeaderFile? _file;
    private readonly List<Sink> _sinks = [];
    private int _depth;

    public CParser(CTokenStream stream, CHeaderFile? file)
    {
        _stream = stream;
        _file = file;
    }

    /// <summary>Reads every declaration into the file's tables.</summary>
    public void ParseFile(CancellationToken cancellationToken)
    {
        while (!_stream.AtEnd)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = _stream.Position;
            try
            {
                TopLevel();
            }
            catch (CReadException e)
            {
                _file?.Problems.Add(e.Problem);
                _sinks.Clear();
                _depth = 0;
                Recover();
            }

            if (_stream.Position == start && !_stream.AtEnd && _stream.Peek().Text == "")
            {
                break;
            }
        }
    }

    /// <summary>A type name, as in <c>sizeof(struct cb_id)</c>: specifiers and an abstract declarator.</summary>
    public (CSpecifiers Specifiers, CDeclarator Declarator) TypeName()
    {
        var specifiers = Specifiers();
        var declarator = Declarator(allowBitField: false);
        if (!_stream.AtEnd)
        {
            throw Error(_stream.Peek(), $"'{_stream.Peek().Text}' cannot follow a type name here");
        }

        return (specifiers, declarator);
    }

    private void TopLevel()
    {
        var token = _stream.Peek();
        if (token.Is(";") || token.Is("}"))
        {
            // A stray ';' or the '}' of an extern "C" block.
            Next();
            return;
        }

        if (token.Is("extern") && _stream.Peek(1).Kind == CTokenKind.StringLiteral)
        {
            Next();
            Next();
            if (_stream.Peek().Is("{"))
            {
                Next();
            }

            return;
        }

        var isTypedef = token.Is("typedef");
        var sink = isTypedef ? Open() : null;
        if (isTypedef)
        {
            Next();
        }

        var specifiers = Specifiers();
        if (_stream.Peek().Is(";"))
        {
            Next();
            return;
        }

        while (true)
        {
            var declarator = Declarator(allowBitField: false);
            if (isTypedef)
            {
                if (declarator.Name is { } name)
                {
                    _file?.AddTypedef(new CTypedefSyntax(name, specifiers, declarator) { Problem = sink!.Problem });
                }
            }
            else if (_stream.Peek().Is("{"))
            {
                // A function body.
                SkipBalanced();
                return;
            }

            if (_stream.Peek().Is("="))
            {
                SkipInitializer();
            }

            var next = Next();
            if (next.Is(";"))
            {
                if (sink is not null)
                {
                    Close(sink);
                }

                return;
            }

            if (!next.Is(","))
            {
                throw Error(next, $"expected ';' or ',' but found '{Show(next)}'");
            }
        }
    }

    private CSpecifiers Specifiers()
    {
        var specifiers = new CSpecifiers { Line = _stream.Peek().Line };
        var hasType = false;
        while (true)
        {
            var token = _stream.Peek();
            if (!token.IsIdentifier)
            {
                return specifiers;
            }

            if (token.Is("struct") || token.Is("union"))
            {
                specifiers.Record = Record();
                hasType = true;
            }
            else if (token.Is("enum"))
            {
                specifiers.Enum = Enum();
                hasType = true;
            }
            else if (token.Is("__attribute__") || token.Is("__attribute"))
            {
                specifiers.Attributes.Add(Attributes());
            }
            else if (token.Is("_Alignas") || token.Is("alignas"))
            {
                Next();
                specifiers.Attributes.AlignedLine = token.Line;
                specifiers.Attributes.Aligned = Parenthesized();
            }
            else if (Ignored.Contains(token.Text) && token.Problem is null)
            {
                Next();
            }
            else if (TypeKeywords.Contains(token.Text))
            {
                specifiers.Words.Add(Next());
                hasType = true;
            }
            else if (!hasType)
            {
                // A typedef name; the identifier after it is the declarator.
                specifiers.Words.Add(Next());
                hasType = true;
            }
            else
            {
                return specifiers;
            }
        }
    }

    private CRecordSyntax Record()
    {
        var keyword = Next();
        var attributes = new CAttributes();
        while (IsAttribute(_stream.Peek()))
        {
            attributes.Add(Attributes());
        }

        CToken? tag = _stream.Peek().IsIdentifier && !IsAttribute(_stream.Peek()) ? Next() : null;
        while (IsAttribute(_stream.Peek()))
        {
            attributes.Add(Attributes());
        }

        var record = new CRecordSyntax(keyword.Is("union"), tag?.Text, tag?.Line ?? keyword.Line);
        record.Attributes.Add(attributes);
        if (!_stream.Peek().Is("{"))
        {
            if (tag is null)
            {
                throw Error(_stream.Peek(), $"'{keyword.Text}' needs a name or a body");
            }

            return record;
        }

        Enter(keyword);
        var sink = Open();
        Next();
        record.Members = [];

        // Known before its body is read, so that a body that cannot be read is reported as such, not as a missing struct.
        _file?.AddRecord(record);
        try
        {
            Body(record, keyword, sink);
        }
        catch (CReadException e)
        {
            record.Problem ??= e.Problem;
            throw;
        }

        Leave();
        record.Problem ??= sink.Problem;
        while (IsAttribute(_stream.Peek()))
        {
            record.Attributes.Add(Attributes());
        }

        return record;
    }

    private void Body(CRecordSyntax record, CToken keyword, Sink sink)
    {
        while (!_stream.Peek().Is("}"))
        {
            if (_stream.AtEnd)
            {
                throw Error(keyword, $"{record.DisplayName} is not closed: no '}}' before the end of the header");
            }

            if (_stream.Peek().Is(";"))
            {
                Next();
                continue;
            }

            var depth = _depth;
            var sinks = _sinks.Count;
            try
            {
                record.Members!.Add(Member());
            }
            catch (CReadException e)
            {
                // The member cannot be read; the struct is marked, and reading goes on at the next member.
                _depth = depth;
                _sinks.RemoveRange(sinks, _sinks.Count - sinks);
                sink.Problem ??= e.Problem;
                SkipMember();
            }
        }

        Next();
        Close(sink);
    }

    private CMemberSyntax Member()
    {
        var line = _stream.Peek().Line;
        var member = new CMemberSyntax(Specifiers(), line);
        if (member.Specifiers.Words.Count == 0 && member.Specifiers.Record is null && member.Specifiers.Enum is null)
        {
            throw Error(_stream.Peek(), $"'{Show(_stream.Peek())}' does not start a member declaration");
        }

        if (_stream.Peek().Is(";"))
        {
            Next();
            return member;
        }

        while (true)
        {
            member.Declarators.Add(Declarator(allowBitField: true));
            var next = Next();
            if (next.Is(";"))
            {
                return member;
            }

            if (!next.Is(","))
            {
                throw Error(next, $"expected ';' or ',' after a member but found '{Show(next)}'");
            }
        }
    }

    private CEnumSyntax Enum()
    {
        var keyword = Next();
        var attributes = new CAttributes();
        while (IsAttribute(_stream.Peek()))
        {
            attributes.Add(Attributes());
        }

        CToken? tag = _stream.Peek().IsIdentifier && !IsAttribute(_stream.Peek()) ? Next() : null;
        var syntax = new CEnumSyntax(tag?.Text, tag?.Line ?? keyword.Line);
        syntax.Attributes.Add(attributes);
        if (_stream.Peek().Is(":"))
        {
            throw Error(_stream.Peek(), "an enum with a fixed underlying type (C23) is not read");
        }

        if (!_stream.Peek().Is("{"))
        {
            return syntax;
        }

        var sink = Open();
        Next();
        syntax.Values = [];
        while (!_stream.Peek().Is("}"))
        {
            var name = Next();
            if (!name.IsIdentifier)
            {
                throw Error(name, $"expected an enumerator name but found '{Show(name)}'");
            }

            IReadOnlyList<CToken>? value = null;
            if (_stream.Peek().Is("="))
            {
                Next();
                value = Expression(stopAtComma: true, closer: "}");
            }

            var enumerator = new CEnumerator(name, value, syntax, syntax.Values.Count);
            syntax.Values.Add(enumerator);
            _file?.AddEnumerator(enumerator);
            if (_stream.Peek().Is(","))
            {
                Next();
            }
            else if (!_stream.Peek().Is("}"))
            {
                throw Error(_stream.Peek(), $"expected ',' or '}}' in {syntax.DisplayName} but found '{Show(_stream.Peek())}'");
            }
        }

        Next();
        Close(sink);
        syntax.Problem = sink.Problem;
        while (IsAttribute(_stream.Peek()))
        {
            syntax.Attributes.Add(Attributes());
        }

        if (syntax.Tag is not null)
        {
            _file?.AddEnum(syntax);
        }

        return syntax;
    }

    private CDeclarator Declarator(bool allowBitField)
    {
        var declarator = new CDeclarator { Line = _stream.Peek().Line };
        ReadAttributes(declarator.Attributes);
        while (_stream.Peek().Is("*"))
        {
            Next();
            declarator.Pointers++;
            while (_stream.Peek().IsIdentifier && (Ignored.Contains(_stream.Peek().Text) || IsAttribute(_stream.Peek())))
            {
                if (IsAttribute(_stream.Peek()))
                {
                    Attributes();
                }
                else
                {
                    Next();
                }
            }
        }

        if (_stream.Peek().Is("("))
        {
            // A parenthesised declarator: (*handler)(int) or (name).
            var open = Next();
            Enter(open);
            var inner = Declarator(allowBitField: false);
            Leave();
            Expect(")");
            declarator.Name = inner.Name;
            declarator.Line = inner.Line;
            declarator.Pointers += inner.Pointers;
            declarator.IsFunction = inner.IsFunction;
            declarator.Arrays.AddRange(inner.Arrays);
            declarator.Attributes.Add(inner.Attributes);
        }
        else if (_stream.Peek().IsIdentifier && !IsAttribute(_stream.Peek()) && !_stream.Peek().Is("__asm__") && !_stream.Peek().Is("__asm"))
        {
            var name = Next();
            declarator.Name = name;
            declarator.Line = name.Line;
        }

        while (true)
        {
            var token = _stream.Peek();
            if (token.Is("["))
            {
                Next();
                declarator.Arrays.Add(Expression(stopAtComma: false, closer: "]"));
                Expect("]");
            }
            else if (token.Is("("))
            {
                declarator.IsFunction = true;
                SkipBalanced();
            }
            else if (IsAttribute(token))
            {
                declarator.Attributes.Add(Attributes());
            }
            else if (token.Is("__asm__") || token.Is("__asm"))
            {
                Next();
                SkipBalanced();
            }
            else if (token.Is(":") && allowBitField)
            {
                Next();
                declarator.BitWidth = Expression(stopAtComma: true, closer: ";");
            }
            else
            {
                return declarator;
            }
        }
    }

    private void ReadAttributes(CAttributes into)
    {
        while (IsAttribute(_stream.Peek()))
        {
            into.Add(Attributes());
        }
    }

    private static bool IsAttribute(CToken token) => token.Is("__attribute__") || token.Is("__attribute");

    // __attribute__((packed, aligned(8))): packed and aligned are kept, every other attribute skipped.
    private CAttributes Attributes()
    {
        var keyword = Next();
        var attributes = new CAttributes();
        Expect("(");
        Expect("(");
        while (!_stream.Peek().Is(")"))
        {
            var name = Next();
            if (name.Is(","))
            {
                continue;
            }

            if (!name.IsIdentifier)
            {
                throw Error(name, $"expected an attribute name but found '{Show(name)}'");
            }

            var bare = name.Text.Trim('_');
            IReadOnlyList<CToken>? arguments = _stream.Peek().Is("(") ? Parenthesized() : null;
            if (bare == "packed")
            {
                attributes.Packed = true;
            }
            else if (bare == "aligned")
            {
                attributes.Aligned = arguments ?? [];
                attributes.AlignedLine = name.Line;
            }
        }

        Expect(")");
        Expect(")");
        _ = keyword;
        return attributes;
    }

    // The tokens between a '(' (next) and its ')'.
    private List<CToken> Parenthesized()
    {
        var open = Expect("(");
        var tokens = new List<CToken>();
        var depth = 1;
        while (true)
        {
            if (_stream.AtEnd)
            {
                throw Error(open, "'(' is not closed");
            }

            var token = Next();
            if (token.Is("("))
            {
                depth++;
            }
            else if (token.Is(")") && --depth == 0)
            {
                return tokens;
            }

            tokens.Add(token);
        }
    }

    // An expression's tokens, up to the closer (or a comma) at depth 0, which is not consumed.
    private List<CToken> Expression(bool stopAtComma, string closer)
    {
        var tokens = new List<CToken>();
        var depth = 0;
        while (true)
        {
            var token = _stream.Peek();
            if (_stream.AtEnd)
            {
                throw Error(token, $"expected '{closer}' before the end of the header");
            }

            if (depth == 0 && (token.Is(closer) || (stopAtComma && token.Is(",")) || token.Is(";") || token.Is("}")))
            {
                return tokens;
            }

            if (token.Is("(") || token.Is("["))
            {
                depth++;
            }
            else if ((token.Is(")") || token.Is("]")) && --depth < 0)
            {
                throw Error(token, $"unbalanced '{token.Text}'");
            }

            tokens.Add(Next());
        }
    }

    private void SkipInitializer()
    {
        var depth = 0;
        while (!_stream.AtEnd)
        {
            var token = _stream.Peek();
            if (depth == 0 && (token.Is(",") || token.Is(";")))
            {
                return;
            }

            if (token.Is("(") || token.Is("{") || token.Is("["))
            {
                depth++;
            }
            else if (token.Is(")") || token.Is("}") || token.Is("]"))
            {
                depth--;
            }

            Next();
        }
    }

    // Skips a (...) or {...} group, the opener being next; iterative, so that depth cannot overflow the stack.
    private void SkipBalanced()
    {
        var depth = 0;
        do
        {
            var token = Next();
            if (token.Is("(") || token.Is("{") || token.Is("["))
            {
                depth++;
            }
            else if (token.Is(")") || token.Is("}") || token.Is("]"))
            {
                depth--;
            }
        }
        while (depth > 0 && !_stream.AtEnd);
    }

    // Inside a struct body: to the end of the member that failed, or to the '}' that closes the body.
    private void SkipMember()
    {
        var depth = 0;
        while (!_stream.AtEnd)
        {
            var token = _stream.Peek();
            if (depth == 0 && token.Is("}"))
            {
                return;
            }

            Next();
            if (token.Is("{"))
            {
                depth++;
            }
            else if (token.Is("}"))
            {
                depth--;
            }
            else if (depth <= 0 && token.Is(";"))
            {
                return;
            }
        }
    }

    // At the top level: past the next ';' outside braces, or past a '}' that closes more than it
    // opened. Parentheses are not counted: one left open by garbage must not swallow the header.
    private void Recover()
    {
        var depth = 0;
        while (!_stream.AtEnd)
        {
            var token = Next();
            if (token.Is("{"))
            {
                depth++;
            }
            else if (token.Is("}"))
            {
                if (--depth < 0)
                {
                    return;
                }
            }
            else if (token.Is(";") && depth == 0)
            {
                return;
            }
        }
    }

    private CToken Next() => Consume(_stream.Next());

    private CToken Expect(string text)
    {
        var token = Next();
        return token.Is(text) ? token : throw Error(token, $"expected '{text}' but found '{Show(token)}'");
    }

    private static string Show(CToken token) => token.Text.Length == 0 ? "the end of the header" : token.Text;

    private void Enter(CToken at)
    {
        if (++_depth > MaxDepth)
        {
            throw Error(at, $"declarations nested more than {MaxDepth} deep are not read");
        }
    }

    private void Leave() => _depth--;

    // A token whose value cannot be trusted taints every declaration being read around it.
    private CToken Consume(CToken token)
    {
        if (token.Problem is { } problem)
        {
            foreach (var sink in _sinks)
            {
                sink.Problem ??= new CProblem(token.Line, problem);
            }
        }

        return token;
    }

    private Sink Open()
    {
        var sink = new Sink();
        _sinks.Add(sink);
        return sink;
    }

    private void Close(Sink sink) => _sinks.Remove(sink);

    private static CReadException Error(CToken at, string message) => new(new CProblem(at.Line, message));

    private sealed class Sink
    {
        public CProblem? Problem { get; set; }
    }
}
