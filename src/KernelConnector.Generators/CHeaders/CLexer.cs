using System.Collections.Generic;
using System.Text;

namespace KernelConnector.Generators.CHeaders;

/// <summary>A line as the preprocessor sees it: comments gone, continuations joined, each character's header line kept.</summary>
internal sealed class LogicalLine(string text, int[] charLines)
{
    public string Text { get; } = text;

    public int[] CharLines { get; } = charLines;

    public int FirstLine => CharLines.Length > 0 ? CharLines[0] : 0;
}

/// <summary>
/// The first translation phases of C, enough for headers: comments become a space, a backslash
/// before a newline joins two lines, and the result is cut into tokens. Nothing here can fail:
/// what is not C becomes a <see cref="CTokenKind.Other"/> token for the parser to refuse.
/// </summary>
internal static class CLexer
{
    private static readonly string[] Punctuators3 = ["<<=", ">>=", "..."];
    private static readonly string[] Punctuators2 = ["->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "##", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^="];

    /// <summary>Splits a header into logical lines; <paramref name="unterminatedComment"/> is the line of a comment that never ends, or 0.</summary>
    public static List<LogicalLine> Lines(string text, out int unterminatedComment)
    {
        unterminatedComment = 0;
        var result = new List<LogicalLine>();
        var current = new StringBuilder();
        var lines = new List<int>();
        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && Next(text, i + 1) is var skip && skip > 0)
            {
                // A continuation: the newline after the backslash disappears.
                i += skip;
                line++;
            }
            else if (c == '\n')
            {
                Flush();
                line++;
                i++;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var start = line;
                var end = text.IndexOf("*/", i + 2, System.StringComparison.Ordinal);
                var stop = end < 0 ? text.Length : end + 2;
                for (var j = i; j < stop; j++)
                {
                    if (text[j] == '\n')
                    {
                        line++;
                    }
                }

                if (end < 0)
                {
                    unterminatedComment = start;
                }

                Append(' ', start);
                i = stop;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c is '"' or '\'')
            {
                // Copied as they are, so that a comment marker inside a literal stays text.
                Append(c, line);
                i++;
                while (i < text.Length && text[i] != c && text[i] != '\n')
                {
                    if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] != '\n')
                    {
                        Append(text[i], line);
                        i++;
                    }

                    Append(text[i], line);
                    i++;
                }

                if (i < text.Length && text[i] == c)
                {
                    Append(c, line);
                    i++;
                }
            }
            else
            {
                Append(c == '\r' || c == '\t' || c == '\f' || c == '\v' ? ' ' : c, line);
                i++;
            }
        }

        Flush();
        return result;

        void Append(char ch, int at)
        {
            current.Append(ch);
            lines.Add(at);
        }

        void Flush()
        {
            if (current.Length > 0)
            {
                result.Add(new LogicalLine(current.ToString(), lines.ToArray()));
            }

            current.Clear();
            lines.Clear();
        }
    }

    // The length of a backslash-newline continuation at this point (\n or \r\n), or 0.
    private static int Next(string text, int at)
    {
        var j = at;
        while (j < text.Length && text[j] is ' ' or '\t' or '\r')
        {
            j++;
        }

        return j < text.Length && text[j] == '\n' ? j + 1 - (at - 1) : 0;
    }

    /// <summary>Cuts a logical line, from <paramref name="start"/>, into tokens.</summary>
    public static void Tokenize(LogicalLine line, int start, List<CToken> into)
    {
        var text = line.Text;
        var i = start;
        while (i < text.Length)
        {
            var c = text[i];
            var at = line.CharLines[i];
            if (c == ' ')
            {
                i++;
                continue;
            }

            var begin = i;
            CTokenKind kind;
            if (IsIdentifierStart(c))
            {
                while (i < text.Length && IsIdentifierPart(text[i]))
                {
                    i++;
                }

                kind = CTokenKind.Identifier;
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                // A preprocessing number: digits, letters, dots, and signs after an exponent.
                i++;
                while (i < text.Length && (IsIdentifierPart(text[i]) || text[i] == '.'
                    || (text[i] is '+' or '-' && text[i - 1] is 'e' or 'E' or 'p' or 'P')))
                {
                    i++;
                }

                kind = CTokenKind.Number;
            }
            else if (c is '"' or '\'')
            {
                i++;
                while (i < text.Length && text[i] != c)
                {
                    i += text[i] == '\\' ? 2 : 1;
                }

                i = System.Math.Min(text.Length, i + 1);
                kind = c == '"' ? CTokenKind.StringLiteral : CTokenKind.CharLiteral;
            }
            else if (Punctuator(text, i) is { } punctuator)
            {
                i += punctuator.Length;
                kind = CTokenKind.Punctuator;
            }
            else
            {
                i++;
                kind = CTokenKind.Other;
            }

            into.Add(new CToken(kind, text.Substring(begin, i - begin), at));
        }
    }

    private static string? Punctuator(string text, int i)
    {
        foreach (var p in Punctuators3)
        {
            if (string.CompareOrdinal(text, i, p, 0, 3) == 0)
            {
                return p;
            }
        }

        foreach (var p in Punctuators2)
        {
            if (string.CompareOrdinal(text, i, p, 0, 2) == 0)
            {
                return p;
            }
        }

        return "{}[]()<>;:,.*&|^~!?=+-/%#".IndexOf(text[i]) >= 0 ? text[i].ToString() : null;
    }

    private static bool IsIdentifierStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or '$';

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || c is >= '0' and <= '9';
}
