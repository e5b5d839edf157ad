using System;
using System.Collections.Generic;
using System.Linq;
using KernelConnector.Generators.Common;

namespace KernelConnector.Generators.CHeaders;

/// <summary>
/// Lays out C declarations as gcc does for x86_64 and aarch64 Linux (the System V and AAPCS64
/// ABIs agree here): every scalar aligned to its size, a struct aligned to its most aligned member
/// and padded to a multiple of that, <c>packed</c> dropping member alignment to 1, <c>aligned(n)</c>
/// raising it (and, on a typedef, setting it). What it cannot lay out throws
/// <see cref="CReadException"/> naming the header and line; <see cref="CHeaderSet"/> catches it.
/// </summary>
internal sealed class CLayoutEngine(CHeaderSet headers)
{
    private readonly CHeaderSet _set = headers;

    private const int MaxDepth = 64;
    private const long MaxSize = 1L << 30;
    private const int BiggestAlignment = 16;

    private readonly Dictionary<CRecordSyntax, CNode> _records = [];
    private readonly HashSet<CRecordSyntax> _active = [];
    private readonly Dictionary<CEnumerator, long> _enumerators = [];
    private readonly HashSet<CEnumerator> _activeEnumerators = [];
    private int _depth;

    /// <summary>A struct or union as a type: name empty, offset 0.</summary>
    public CNode Record(CHeaderFile file, CRecordSyntax record)
    {
        if (record.Members is null)
        {
            (file, record) = Definition(file, record);
        }

        if (_records.TryGetValue(record, out var done))
        {
            return done;
        }

        if (record.Problem is { } problem)
        {
            throw Fail(file, problem.Line, $"{record.DisplayName} cannot be read: {problem.Message}");
        }

        if (!_active.Add(record))
        {
            throw Fail(file, record.Line, $"{record.DisplayName} contains itself");
        }

        Enter(file, record.Line);
        try
        {
            var node = Layout(file, record);
            _records[record] = node;
            return node;
        }
        finally
        {
            _active.Remove(record);
            _depth--;
        }
    }

    /// <summary>A typedef's type, from the headers or the known uapi typedefs; null when the name is neither.</summary>
    public CNode? Typedef(CHeaderFile file, string name, int line = 0)
    {
        foreach (var visible in _set.Visible(file))
        {
            if (!visible.Typedefs.TryGetValue(name, out var typedef))
            {
                continue;
            }

            var at = typedef.Name.Line;
            if (typedef.Problem is { } problem)
            {
                throw Fail(visible, problem.Line, $"typedef '{name}' cannot be read: {problem.Message}");
            }

            Enter(visible, at);
            try
            {
                var type = Apply(visible, BaseType(visible, typedef.Specifiers, at), typedef.Declarator);

                // On a typedef, aligned(n) sets the alignment, lower or higher.
                var alignment = Math.Max(AlignmentOf(visible, typedef.Specifiers.Attributes), AlignmentOf(visible, typedef.Declarator.Attributes));
                return type with { TypeText = name, Alignment = alignment > 0 ? alignment : type.Alignment };
            }
            finally
            {
                _depth--;
            }
        }

        return CBuiltinTypes.Find(name) is { } scalar ? Scalar(scalar, Quote(file, line)) : null;
    }

    private CNode Layout(CHeaderFile file, CRecordSyntax record)
    {
        var members = new List<CNode>();
        long offset = 0;
        long unionSize = 0;
        var alignment = 1;
        var memberCount = record.Members!.Count;
        for (var m = 0; m < memberCount; m++)
        {
            var member = record.Members[m];
            var specifiers = member.Specifiers;
            if (member.Declarators.Count == 0)
            {
                // An anonymous struct or union; a tagged one, or an enum, declares no member.
                if (specifiers.Record is { Tag: null } anonymous)
                {
                    Place(Record(file, anonymous) with { Quote = Quote(file, member.Line) }, specifiers.Attributes, new CAttributes(), m == memberCount - 1);
                }

                continue;
            }

            var type = BaseType(file, specifiers, member.Line);
            for (var d = 0; d < member.Declarators.Count; d++)
            {
                var declarator = member.Declarators[d];
                var name = declarator.Name?.Text;
                if (declarator.BitWidth is not null)
                {
                    throw Fail(file, declarator.Line, $"'{name ?? "(unnamed)"}' is a bit-field, whose layout the reader does not compute");
                }

                if (name is null)
                {
                    throw Fail(file, declarator.Line, "a member without a name");
                }

                var node = Apply(file, type, declarator) with { Name = name, Quote = Quote(file, declarator.Line) };
                Place(node, specifiers.Attributes, declarator.Attributes, m == memberCount - 1 && d == member.Declarators.Count - 1);
            }
        }

        void Place(CNode node, CAttributes specifierAttributes, CAttributes declaratorAttributes, bool last)
        {
            if (node.Kind == CNodeKind.Array && node.Length == 0 && last && !record.IsUnion)
            {
                node = node with { IsFlexible = true };
            }
            else if (node.IsFlexible)
            {
                throw Fail(file, node.Quote.Line, $"the flexible array member '{node.Name}' must be the last member of a struct");
            }

            var align = record.Attributes.Packed || specifierAttributes.Packed || declaratorAttributes.Packed ? 1 : node.Alignment;
            align = Math.Max(align, Math.Max(AlignmentOf(file, specifierAttributes), AlignmentOf(file, declaratorAttributes)));
            alignment = Math.Max(alignment, align);
            long at = 0;
            if (record.IsUnion)
            {
                unionSize = Math.Max(unionSize, node.Size);
            }
            else
            {
                at = RoundUp(offset, align);
                offset = at + node.Size;
            }

            if (at + node.Size > MaxSize)
            {
                throw Fail(file, node.Quote.Line, $"{record.DisplayName} is larger than the reader lays out ({MaxSize} bytes)");
            }

            members.Add(node with { Offset = (int)at, Alignment = align });
        }

        if (members.Count == 1 && members[0].IsFlexible)
        {
            throw Fail(file, members[0].Quote.Line, $"{record.DisplayName} has only a flexible array member, which C does not allow");
        }

        alignment = Math.Max(alignment, AlignmentOf(file, record.Attributes));
        var size = RoundUp(record.IsUnion ? unionSize : offset, alignment);
        if (size > MaxSize)
        {
            throw Fail(file, record.Line, $"{record.DisplayName} is larger than the reader lays out ({MaxSize} bytes)");
        }

        return new CNode("", record.IsUnion ? CNodeKind.Union : CNodeKind.Struct, 0, (int)size, alignment, record.DisplayName,
            CSignedness.Either, 0, null, members.ToEquatableArray(), false, Quote(file, record.Line));
    }

    private (CHeaderFile File, CRecordSyntax Record) Definition(CHeaderFile file, CRecordSyntax reference)
    {
        foreach (var visible in _set.Visible(file))
        {
            if (visible.Records.TryGetValue(reference.Tag!, out var definition) && definition.Keyword == reference.Keyword)
            {
                return (visible, definition);
            }
        }

        throw Fail(file, reference.Line, $"{reference.DisplayName} is not defined in {file.Name}{MissingHint(file)}");
    }

    private CNode BaseType(CHeaderFile file, CSpecifiers specifiers, int line)
    {
        if (specifiers.Record is { } record)
        {
            return Record(file, record);
        }

        if (specifiers.Enum is { } syntax)
        {
            return Enum(file, syntax, line);
        }

        foreach (var word in specifiers.Words)
        {
            if (word.Problem is { } problem)
            {
                throw Fail(file, word.Line, problem);
            }
        }

        var words = specifiers.Words.Select(w => w.Text).ToArray();
        if (words.Length == 1 && words[0] == "void")
        {
            return new CNode("", CNodeKind.Scalar, 0, 0, 1, "void", CSignedness.Either, 0, null, default, false, Quote(file, line));
        }

        if (words.Length == 1 && CBuiltinTypes.FromKeywords(words) is null)
        {
            return Typedef(file, words[0], line) ?? throw Fail(file, line, UnknownType(file, words[0]));
        }

        return CBuiltinTypes.FromKeywords(words) is { } scalar
            ? Scalar(scalar, Quote(file, line))
            : throw Fail(file, line, words.Length == 0 ? "a declaration without a type" : $"'{string.Join(" ", words)}' is not a C type the reader knows");
    }

    private CNode Apply(CHeaderFile file, CNode type, CDeclarator declarator)
    {
        var name = declarator.Name?.Text ?? "(unnamed)";
        if (declarator.IsFunction && declarator.Pointers == 0)
        {
            throw Fail(file, declarator.Line, $"'{name}' is a function, not a member with a layout");
        }

        if (declarator.Pointers > 0)
        {
            type = new CNode("", CNodeKind.Pointer, 0, 8, 8, type.TypeText + " *", CSignedness.Unsigned, 0, null, default, false, type.Quote);
        }
        else if (type.TypeText == "void" && type.Size == 0)
        {
            throw Fail(file, declarator.Line, $"'{name}' is declared void");
        }

        for (var k = declarator.Arrays.Count - 1; k >= 0; k--)
        {
            var dimension = declarator.Arrays[k];
            long length = 0;
            if (dimension.Count == 0 && k > 0)
            {
                throw Fail(file, declarator.Line, $"only the first dimension of '{name}' may be left empty");
            }

            if (dimension.Count > 0)
            {
                length = Evaluate(file, dimension, declarator.Line);
                if (length < 0 || length * (long)Math.Max(1, type.Size) > MaxSize)
                {
                    throw Fail(file, declarator.Line, $"'{name}' has {length} elements, which is not an array size the reader lays out");
                }
            }

            var bracket = type.TypeText.IndexOf('[');
            var text = bracket < 0 ? type.TypeText + $"[{(dimension.Count == 0 ? "" : length.ToString(System.Globalization.CultureInfo.InvariantCulture))}]"
                : type.TypeText.Substring(0, bracket) + $"[{length.ToString(System.Globalization.CultureInfo.InvariantCulture)}]" + type.TypeText.Substring(bracket);
            type = new CNode("", CNodeKind.Array, 0, (int)(length * type.Size), type.Alignment, text, CSignedness.Either, (int)length, type,
                default, dimension.Count == 0, type.Quote);
        }

        return type;
    }

    private CNode Enum(CHeaderFile file, CEnumSyntax syntax, int line)
    {
        if (syntax.Values is null)
        {
            syntax = _set.Visible(file).Select(f => f.Enums.TryGetValue(syntax.Tag ?? "", out var e) ? e : null).FirstOrDefault(e => e is not null)
                ?? throw Fail(file, line, $"{syntax.DisplayName} is not defined in {file.Name}{MissingHint(file)}");
        }

        if (syntax.Problem is { } problem)
        {
            throw Fail(file, problem.Line, $"{syntax.DisplayName} cannot be read: {problem.Message}");
        }

        if (syntax.Values!.Count == 0)
        {
            throw Fail(file, syntax.Line, $"{syntax.DisplayName} has no enumerators");
        }

        var values = syntax.Values.Select(v => EnumeratorValue(file, v)).ToArray();
        var min = values.Min();
        var max = values.Max();
        int size;
        if (syntax.Attributes.Packed)
        {
            size = min >= sbyte.MinValue && max <= (min < 0 ? sbyte.MaxValue : byte.MaxValue) ? 1
                : min >= short.MinValue && max <= (min < 0 ? short.MaxValue : ushort.MaxValue) ? 2
                : min >= int.MinValue && max <= (min < 0 ? int.MaxValue : uint.MaxValue) ? 4 : 8;
        }
        else
        {
            size = min < 0 ? (min >= int.MinValue && max <= int.MaxValue ? 4 : 8) : (max <= uint.MaxValue ? 4 : 8);
        }

        // gcc gives a non-negative enum an unsigned type, but a signed reading is as right while the values fit.
        var signedMax = size == 8 ? long.MaxValue : (1L << ((size * 8) - 1)) - 1;
        var signedness = min < 0 ? CSignedness.Signed : max > signedMax ? CSignedness.Unsigned : CSignedness.Either;
        return new CNode("", CNodeKind.Scalar, 0, size, size, syntax.DisplayName, signedness, 0, null, default, false, Quote(file, syntax.Line));
    }

    private long EnumeratorValue(CHeaderFile file, CEnumerator enumerator)
    {
        if (_enumerators.TryGetValue(enumerator, out var known))
        {
            return known;
        }

        if (!_activeEnumerators.Add(enumerator))
        {
            throw Fail(file, enumerator.Name.Line, $"the value of '{enumerator.Name.Text}' depends on itself");
        }

        Enter(file, enumerator.Name.Line);
        try
        {
            long value;
            if (enumerator.Value is { } expression)
            {
                value = Evaluate(file, expression, enumerator.Name.Line);
            }
            else if (enumerator.Index == 0)
            {
                value = 0;
            }
            else
            {
                var previous = EnumeratorValue(file, enumerator.Owner.Values![enumerator.Index - 1]);
                value = previous == long.MaxValue ? throw Fail(file, enumerator.Name.Line, $"'{enumerator.Name.Text}' is too large for the reader") : previous + 1;
            }

            _enumerators[enumerator] = value;
            return value;
        }
        finally
        {
            _activeEnumerators.Remove(enumerator);
            _depth--;
        }
    }

    private int AlignmentOf(CHeaderFile file, CAttributes attributes)
    {
        if (attributes.Aligned is not { } tokens)
        {
            return 0;
        }

        if (tokens.Count == 0)
        {
            return BiggestAlignment;
        }

        var value = Evaluate(file, tokens, attributes.AlignedLine);
        return value is > 0 and <= 1 << 28 && (value & (value - 1)) == 0
            ? (int)value
            : throw Fail(file, attributes.AlignedLine, $"aligned({value}) is not a power of two the reader lays out");
    }

    /// <summary>Evaluates a constant expression, with the macros of the headers this one includes expanded.</summary>
    private long Evaluate(CHeaderFile file, IReadOnlyList<CToken> tokens, int line)
    {
        var expanded = new List<CToken>();
        var budget = 100_000;
        Expand(file, tokens, expanded, ref budget, 0);
        try
        {
            return CExpression.Evaluate(expanded, new ExpressionContext(this, file), line);
        }
        catch (CReadException e)
        {
            e.File ??= file;
            throw;
        }
    }

    private void Expand(CHeaderFile file, IReadOnlyList<CToken> tokens, List<CToken> into, ref int budget, int depth)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (--budget < 0 || depth > MaxDepth)
            {
                throw Fail(file, token.Line, "a macro expansion that does not end (or is too large to follow)");
            }

            if (!token.IsIdentifier || token.Hidden?.Contains(token.Text) == true || IncludedMacro(file, token.Text) is not { } macro)
            {
                into.Add(token);
                continue;
            }

            if (macro.IsFunctionLike)
            {
                into.Add(token with { Problem = $"'{macro.Name}' is a macro with arguments, which the reader does not evaluate" });
                continue;
            }

            var hidden = new MacroChain(macro.Name, token.Hidden);
            var body = macro.Body.Select(b => b with { Line = token.Line, Hidden = hidden, Problem = macro.Problem ?? b.Problem }).ToArray();
            Expand(file, body, into, ref budget, depth + 1);
        }
    }

    // The header's own macros were expanded as it was read; those of the headers it includes apply too.
    private CMacro? IncludedMacro(CHeaderFile file, string name)
    {
        foreach (var visible in _set.Visible(file))
        {
            if (visible != file && visible.LastMacro(name) is { } macro)
            {
                return macro;
            }
        }

        return null;
    }

    private string UnknownType(CHeaderFile file, string name)
    {
        if ((IncludedMacro(file, name) ?? file.LastMacro(name)) is { } macro)
        {
            return $"'{name}' is a macro (line {macro.Line}) used as a type, which the reader does not expand there";
        }

        return $"'{name}' is not a type the reader knows: it is not defined in {file.Name}{MissingHint(file)}";
    }

    private string Undefined(CHeaderFile file, CToken name)
    {
        if (file.LastMacro(name.Text) is { } macro)
        {
            return macro.Line < name.Line
                ? $"'{name.Text}' (line {macro.Line}) expands back to itself, so it has no value"
                : $"'{name.Text}' is used before its #define (line {macro.Line})";
        }

        return $"'{name.Text}' is not defined in {file.Name}{MissingHint(file)}";
    }

    private string MissingHint(CHeaderFile file)
    {
        var missing = _set.Missing(file);
        if (missing.Count == 0)
        {
            return "";
        }

        var names = string.Join(", ", missing.Take(4).Select(i => $"<{i.Path}> (line {i.Line})"));
        return missing.Count == 1
            ? $"; {names} may define it, but is not among the AdditionalFiles"
            : $"; {names} may define it, but are not among the AdditionalFiles";
    }

    private void Enter(CHeaderFile file, int line)
    {
        if (++_depth > MaxDepth)
        {
            _depth--;
            throw Fail(file, line, $"declarations nested more than {MaxDepth} deep (a recursive typedef?)");
        }
    }

    private static CNode Scalar(CScalar scalar, CQuote quote) =>
        new("", CNodeKind.Scalar, 0, scalar.Size, scalar.Alignment, scalar.Name, scalar.Signedness, 0, null, default, false, quote);

    private static CQuote Quote(CHeaderFile file, int line) => new(file.Name, file.Path, line, file.LineText(line));

    private static long RoundUp(long value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private static CReadException Fail(CHeaderFile file, int line, string message) => new(new CProblem(line, message)) { File = file };

    private sealed class ExpressionContext(CLayoutEngine engine, CHeaderFile file) : ICExpressionContext
    {
        public long Identifier(CToken name)
        {
            foreach (var visible in engine._set.Visible(file))
            {
                if (visible.Enumerators.TryGetValue(name.Text, out var enumerator))
                {
                    return engine.EnumeratorValue(visible, enumerator);
                }
            }

            throw Fail(file, name.Line, engine.Undefined(file, name));
        }

        public long SizeOf(IReadOnlyList<CToken> typeName, bool alignment, int line)
        {
            CSpecifiers specifiers;
            CDeclarator declarator;
            try
            {
                (specifiers, declarator) = new CParser(new CTokenStream(typeName, null), null).TypeName();
            }
            catch (CReadException e)
            {
                e.File ??= file;
                throw;
            }

            var type = engine.Apply(file, engine.BaseType(file, specifiers, line), declarator);
            return alignment ? type.Alignment : type.Size;
        }
    }
}
