using System;
using System.Collections.Generic;
using System.Globalization;

namespace KernelConnector.Generators.CHeaders;

/// <summary>What an expression's names mean: enumerators, and the sizes of types.</summary>
internal interface ICExpressionContext
{
    /// <summary>The value of an identifier left after macro expansion (an enumerator); throws <see cref="CReadException"/> when it has none.</summary>
    long Identifier(CToken name);

    /// <summary><c>sizeof</c> or <c>_Alignof</c> of the type name in <paramref name="typeName"/>.</summary>
    long SizeOf(IReadOnlyList<CToken> typeName, bool alignment, int line);
}

/// <summary>
/// An integer constant expression as array sizes, enumerators and <c>aligned(n)</c> write them:
/// numbers (decimal, hex, octal, binary, with <c>u</c>/<c>l</c> suffixes), character constants,
/// the arithmetic, bitwise, shift, comparison, logical and conditional operators, casts to integer
/// types, <c>sizeof</c> and <c>_Alignof</c> of a type. Computed in 64-bit signed arithmetic; an
/// overflow, a division by zero or a shift out of range is refused, not wrapped.
/// </summary>
internal sealed class CExpression
{
    private const int MaxDepth = 200;
    private readonly IReadOnlyList<CToken> _tokens;
    private readonly ICExpressionContext _context;
    private readonly int _line;
    private int _index;
    private int _depth;

    private CExpression(IReadOnlyList<CToken> tokens, ICExpressionContext context, int line)
    {
        _tokens = tokens;
        _context = context;
        _line = line;
    }

    /// <summary>Evaluates macro-expanded tokens; <paramref name="line"/> is where the expression is written.</summary>
    public static long Evaluate(IReadOnlyList<CToken> tokens, ICExpressionContext context, int line)
    {
        foreach (var token in tokens)
        {
            if (token.Problem is { } problem)
            {
                throw Error(token.Line, problem);
            }
        }

        if (tokens.Count == 0)
        {
            throw Error(line, "an empty expression");
        }

        var expression = new CExpression(tokens, context, line);
        var value = expression.Conditional();
        if (expression._index < tokens.Count)
        {
            throw Error(line, $"'{tokens[expression._index].Text}' cannot follow an expression here");
        }

        return value;
    }

    private long Conditional()
    {
        Enter();
        var condition = Binary(0);
        if (Accept("?"))
        {
            var whenTrue = Conditional();
            Expect(":");
            var whenFalse = Conditional();
            condition = condition != 0 ? whenTrue : whenFalse;
        }

        _depth--;
        return condition;
    }

    private static readonly string[][] Levels =
    [
        ["||"], ["&&"], ["|"], ["^"], ["&"], ["==", "!="], ["<", ">", "<=", ">="], ["<<", ">>"], ["+", "-"], ["*", "/", "%"],
    ];

    private long Binary(int level)
    {
        if (level == Levels.Length)
        {
            return Unary();
        }

        var left = Binary(level + 1);
        while (_index < _tokens.Count && _tokens[_index].Kind == CTokenKind.Punctuator && Array.IndexOf(Levels[level], _tokens[_index].Text) >= 0)
        {
            var op = _tokens[_index++].Text;
            var right = Binary(level + 1);
            left = Apply(op, left, right);
        }

        return left;
    }

    private long Apply(string op, long left, long right)
    {
        try
        {
            return op switch
            {
                "||" => left != 0 || right != 0 ? 1 : 0,
                "&&" => left != 0 && right != 0 ? 1 : 0,
                "|" => left | right,
                "^" => left ^ right,
                "&" => left & right,
                "==" => left == right ? 1 : 0,
                "!=" => left != right ? 1 : 0,
                "<" => left < right ? 1 : 0,
                ">" => left > right ? 1 : 0,
                "<=" => left <= right ? 1 : 0,
                ">=" => left >= right ? 1 : 0,
                "<<" => Shift(left, right, toLeft: true),
                ">>" => Shift(left, right, toLeft: false),
                "+" => checked(left + right),
                "-" => checked(left - right),
                "*" => checked(left * right),
                "/" => right == 0 ? throw Error(_line, "a division by zero") : checked(left / right),
                _ => right == 0 ? throw Error(_line, "a division by zero") : left % right,
            };
        }
        catch (OverflowException)
        {
            throw Error(_line, $"'{left} {op} {right}' is too large for the reader (64-bit arithmetic)");
        }
    }

    private long Shift(long value, long count, bool toLeft)
    {
        if (count is < 0 or > 62)
        {
            throw Error(_line, $"a shift by {count} is out of range");
        }

        if (!toLeft)
        {
            return value >> (int)count;
        }

        var shifted = value << (int)count;
        return shifted >> (int)count == value ? shifted : throw Error(_line, $"'{value} << {count}' is too large for the reader (64-bit arithmetic)");
    }

    private long Unary()
    {
        Enter();
        var token = Peek();
        long value;
        if (Accept("-"))
        {
            var operand = Unary();
            value = operand == long.MinValue ? throw Error(_line, "a negation that overflows") : -operand;
        }
        else if (Accept("+"))
        {
            value = Unary();
        }
        else if (Accept("~"))
        {
            value = ~Unary();
        }
        else if (Accept("!"))
        {
            value = Unary() == 0 ? 1 : 0;
        }
        else if (token.Is("sizeof") || token.Is("_Alignof") || token.Is("__alignof__") || token.Is("alignof"))
        {
            _index++;
            if (!Peek().Is("("))
            {
                throw Error(token.Line, $"'{token.Text}' of an expression is not evaluated, only of a type in parentheses");
            }

            value = _context.SizeOf(Group(), alignment: !token.Is("sizeof"), token.Line);
        }
        else if (token.Is("(") && IsTypeStart(Peek(1)))
        {
            // A cast to an integer type: the reader keeps the value as it is.
            Group();
            value = Unary();
        }
        else
        {
            value = Primary();
        }

        _depth--;
        return value;
    }

    private long Primary()
    {
        var token = Next();
        switch (token.Kind)
        {
            case CTokenKind.Number:
                return Number(token);
            case CTokenKind.CharLiteral:
                return Character(token);
            case CTokenKind.Identifier:
                return _context.Identifier(token);
        }

        if (token.Is("("))
        {
            var value = Conditional();
            Expect(")");
            return value;
        }

        throw Error(token.Line, token.Text.Length == 0 ? "an expression ends too early" : $"'{token.Text}' cannot start an expression");
    }

    // The tokens of a parenthesised group, '(' next; the index moves past its ')'.
    private List<CToken> Group()
    {
        var open = Next();
        var inner = new List<CToken>();
        var depth = 1;
        while (_index < _tokens.Count)
        {
            var token = _tokens[_index++];
            if (token.Is("("))
            {
                depth++;
            }
            else if (token.Is(")") && --depth == 0)
            {
                return inner;
            }

            inner.Add(token);
        }

        throw Error(open.Line, "'(' is not closed");
    }

    private static bool IsTypeStart(CToken token) =>
        token.IsIdentifier && (token.Text is "struct" or "union" or "enum" or "char" or "short" or "int" or "long" or "signed" or "unsigned"
            or "_Bool" or "__signed__" || CBuiltinTypes.Find(token.Text) is not null);

    /// <summary>Reads a C integer constant; refuses floating-point and what does not fit in 63 bits.</summary>
    public static long Number(CToken token)
    {
        var text = token.Text;
        var end = text.Length;
        while (end > 0 && text[end - 1] is 'u' or 'U' or 'l' or 'L')
        {
            end--;
        }

        var digits = text.Substring(0, end);
        ulong value = 0;
        var numberBase = 10;
        var start = 0;
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            numberBase = 16;
            start = 2;
        }
        else if (digits.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
        {
            numberBase = 2;
            start = 2;
        }
        else if (digits.Length > 1 && digits[0] == '0')
        {
            numberBase = 8;
            start = 1;
        }

        if (start >= digits.Length && numberBase != 8)
        {
            throw Error(token.Line, $"'{text}' is not a number the reader understands");
        }

        for (var i = start; i < digits.Length; i++)
        {
            var digit = digits[i] switch
            {
                >= '0' and <= '9' => digits[i] - '0',
                >= 'a' and <= 'f' => digits[i] - 'a' + 10,
                >= 'A' and <= 'F' => digits[i] - 'A' + 10,
                _ => 99,
            };
            if (digit >= numberBase)
            {
                throw Error(token.Line, $"'{text}' is not an integer constant the reader understands");
            }

            if (value > (ulong.MaxValue - (ulong)digit) / (ulong)numberBase)
            {
                throw Error(token.Line, $"'{text}' is too large for the reader (64 bits)");
            }

            value = (value * (ulong)numberBase) + (ulong)digit;
        }

        return value > long.MaxValue ? throw Error(token.Line, $"'{text}' is too large for the reader (63 bits)") : (long)value;
    }

    private static long Character(CToken token)
    {
        var text = token.Text;
        if (text.Length < 3 || text[0] != '\'' || text[text.Length - 1] != '\'')
        {
            throw Error(token.Line, $"{text} is not a character constant the reader understands");
        }

        var body = text.Substring(1, text.Length - 2);
        if (body.Length == 1 && body[0] < 128)
        {
            return body[0];
        }

        if (body.Length >= 2 && body[0] == '\\')
        {
            switch (body.Substring(1))
            {
                case "n": return '\n';
                case "t": return '\t';
                case "r": return '\r';
                case "0": return 0;
                case "\\": return '\\';
                case "'": return '\'';
                case "\"": return '"';
                case "a": return 7;
                case "b": return 8;
                case "f": return 12;
                case "v": return 11;
            }

            if (body[1] == 'x' && long.TryParse(body.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && hex < 256)
            {
                return hex;
            }
        }

        throw Error(token.Line, $"{text} is not a character constant the reader understands");
    }

    private CToken Peek(int ahead = 0) =>
        _index + ahead < _tokens.Count ? _tokens[_index + ahead] : new CToken(CTokenKind.Punctuator, "", _line);

    private CToken Next() => _index < _tokens.Count ? _tokens[_index++] : new CToken(CTokenKind.Punctuator, "", _line);

    private bool Accept(string text)
    {
        if (Peek().Kind == CTokenKind.Punctuator && Peek().Text == text)
        {
            _index++;
            return true;
        }

        return false;
    }

    private void Expect(string text)
    {
        if (!Accept(text))
        {
            throw Error(_line, $"expected '{text}' in an expression");
        }
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw Error(_line, "an expression nested too deeply for the reader");
        }
    }

    private static CReadException Error(int line, string message) => new(new CProblem(line, message));
}
