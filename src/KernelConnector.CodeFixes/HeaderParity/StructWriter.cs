using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using KernelConnector.Generators.CHeaders;

namespace KernelConnector.CodeFixes.HeaderParity;

/// <summary>One field written from a C member.</summary>
/// <param name="CPath">The C member's path in the struct (through anonymous members), as the comparison pairs fields with it.</param>
/// <param name="Name">The field's name.</param>
/// <param name="Offset">Its offset, for an explicit layout.</param>
/// <param name="Summary">Its documentation comment, naming the C member.</param>
/// <param name="Declaration">The field's declaration, without a <c>[FieldOffset]</c>.</param>
internal sealed record WrittenField(string CPath, string Name, int Offset, string Summary, string Declaration);

/// <summary>A struct written from a C struct: its layout attribute and fields.</summary>
internal sealed record WrittenStruct(string LayoutAttribute, bool Explicit, IReadOnlyList<WrittenField> Fields);

/// <summary>
/// Writes C# from a laid-out C struct: integers of the C member's size and signedness, fixed
/// buffers for arrays of numbers, nested structs (and <c>[InlineArray]</c> structs for arrays of
/// them) for C's nested structs and unions. A struct whose members sit where C# would put them
/// is sequential; any other (padding, a union, <c>packed</c>) gets an explicit layout with C's
/// offsets and size, and <c>Pack</c> when C aligns it less than its members. Anonymous members
/// become fields of the struct around them, at their offsets.
/// </summary>
internal sealed class StructWriter
{
    private const string InteropServices = "global::System.Runtime.InteropServices.";
    private readonly Dictionary<string, string> _typeNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedTypeNames;

    public StructWriter(string structName, IEnumerable<string> memberNames)
    {
        _usedTypeNames = new HashSet<string>(memberNames.Append(structName), StringComparer.Ordinal);
    }

    /// <summary>The nested types the fields use, as declarations.</summary>
    public List<string> Types { get; } = [];

    /// <summary>The names of the nested types written.</summary>
    public List<string> TypeNames { get; } = [];

    /// <summary>Whether a field is a fixed buffer, which needs an unsafe struct.</summary>
    public bool NeedsUnsafe { get; private set; }

    /// <param name="record">The C struct or union.</param>
    /// <param name="structName">The C# struct's name (a field cannot have it).</param>
    /// <param name="names">Names to keep: C member path to C# field name.</param>
    /// <param name="kept">The C member paths whose fields are kept as they are: nothing is written for them.</param>
    public WrittenStruct Write(CNode record, string structName, IReadOnlyDictionary<string, string> names, ISet<string>? kept = null)
    {
        var members = new List<(CNode Node, int Offset, string Path)>();
        Flatten(record, 0, "", members);
        var used = new HashSet<string>(StringComparer.Ordinal) { structName };

        // C's flexible array member is the message's trailing bytes (MaxTrailingBytes), not a field.
        members.RemoveAll(m => m.Node.IsFlexible || m.Node.Size == 0);
        var fieldNames = members.Select(m => Unique(names.TryGetValue(m.Path, out var name) ? name : Pascal(m.Node.Name), used)).ToArray();

        // Nested types are declared beside these fields, so they must not take their names.
        _usedTypeNames.UnionWith(fieldNames);
        var fields = members.Select((m, i) => new WrittenField(m.Path, fieldNames[i], m.Offset, Summary(m.Node),
            kept?.Contains(m.Path) == true ? "" : Declaration(m.Node, fieldNames[i]))).ToList();

        var (isExplicit, pack) = Layout(record, members);
        var packText = pack > 0 ? $", Pack = {Text(pack)}" : "";
        var attribute = isExplicit
            ? $"{InteropServices}StructLayout({InteropServices}LayoutKind.Explicit, Size = {Text(Math.Max(1, record.Size))}{packText})"
            : $"{InteropServices}StructLayout({InteropServices}LayoutKind.Sequential{packText})";
        return new WrittenStruct(attribute, isExplicit, fields);
    }

    /// <summary>A field declaration (with <c>[FieldOffset]</c> when the layout is explicit).</summary>
    public static string WithOffset(WrittenField field, bool isExplicit) =>
        field.Summary + (isExplicit ? $"[{InteropServices}FieldOffset({Text(field.Offset)})]\n" : "") + field.Declaration;

    private static string Summary(CNode node)
    {
        var type = node.TypeText.EndsWith("(anonymous)", StringComparison.Ordinal) ? node.TypeText.Replace("(anonymous)", "{ ... }") : node.TypeText;
        var bracket = type.IndexOf('[');
        var c = bracket < 0 ? $"{type} {node.Name}" : $"{type.Substring(0, bracket)} {node.Name}{type.Substring(bracket)}";
        return $"/// <summary><c>{Escape(c)}</c>.</summary>\n";
    }

    private string Declaration(CNode node, string name)
    {
        if (Scalar(node) is { } scalar)
        {
            return $"public {scalar} {name};\n";
        }

        if (node.Kind == CNodeKind.Array)
        {
            var (element, count) = Innermost(node);
            if (Scalar(element) is { } elementType)
            {
                NeedsUnsafe = true;
                return $"public fixed {elementType} {name}[{Text(count)}];\n";
            }

            return $"public {InlineArray(element, count, name)} {name};\n";
        }

        return $"public {Record(node, name)} {name};\n";
    }

    // A number of the C member's size and signedness; null for what is not one (16-byte scalars become byte arrays).
    private static string? Scalar(CNode node)
    {
        if (node.Kind == CNodeKind.Pointer)
        {
            // A pointer means nothing to another process; its 8 bytes are kept as a number.
            return "ulong";
        }

        if (node.Kind != CNodeKind.Scalar)
        {
            return null;
        }

        var signed = node.Signedness == CSignedness.Signed;
        return (node.Size, node.Signedness) switch
        {
            (4, CSignedness.Float) => "float",
            (8, CSignedness.Float) => "double",
            (1, _) => signed ? "sbyte" : "byte",
            (2, _) => signed ? "short" : "ushort",
            (4, _) => signed ? "int" : "uint",
            (8, _) => signed ? "long" : "ulong",
            _ => null,
        };
    }

    private string Record(CNode node, string fieldName)
    {
        var anonymous = node.TypeText.EndsWith("(anonymous)", StringComparison.Ordinal);
        var key = anonymous ? null : node.TypeText;
        if (key is not null && _typeNames.TryGetValue(key, out var known))
        {
            return known;
        }

        var baseName = anonymous
            ? fieldName + (node.Kind == CNodeKind.Union ? "Union" : "Struct")
            : Pascal(node.TypeText.Substring(node.TypeText.IndexOf(' ') + 1));
        var typeName = Unique(baseName, _usedTypeNames);
        if (key is not null)
        {
            _typeNames[key] = typeName;
        }

        TypeNames.Add(typeName);
        var outerUnsafe = NeedsUnsafe;
        NeedsUnsafe = false;
        var body = Write(node, typeName, new Dictionary<string, string>());
        var innerUnsafe = NeedsUnsafe;
        NeedsUnsafe = outerUnsafe;
        var text = new StringBuilder();
        text.Append(anonymous
            ? $"/// <summary>The anonymous {(node.Kind == CNodeKind.Union ? "union" : "struct")} of <c>{Escape(node.Name)}</c>.</summary>\n"
            : $"/// <summary><c>{Escape(node.TypeText)}</c>.</summary>\n");
        text.Append('[').Append(body.LayoutAttribute).Append("]\n");
        text.Append("public ").Append(innerUnsafe ? "unsafe " : "").Append("struct ").Append(typeName).Append("\n{\n");
        foreach (var field in body.Fields)
        {
            text.Append(WithOffset(field, body.Explicit));
        }

        text.Append("}\n");
        Types.Add(text.ToString());
        return typeName;
    }

    private string InlineArray(CNode element, int count, string fieldName)
    {
        var elementType = Scalar(element) ?? (element.Kind == CNodeKind.Array ? "byte" : Record(element, fieldName + "Element"));
        var typeName = Unique($"{elementType.Substring(0, 1).ToUpperInvariant()}{elementType.Substring(1)}Array{Text(count)}", _usedTypeNames);
        TypeNames.Add(typeName);
        Types.Add($"/// <summary>{Text(count)} <c>{Escape(element.TypeText)}</c>.</summary>\n[global::System.Runtime.CompilerServices.InlineArray({Text(count)})]\npublic struct {typeName}\n{{\nprivate {elementType} _element0;\n}}\n");
        return typeName;
    }

    // Sequential when C puts every member where C# would, else explicit; and the Pack that C's lower alignment needs.
    private static (bool Explicit, int Pack) Layout(CNode record, List<(CNode Node, int Offset, string Path)> members)
    {
        var natural = members.Count == 0 ? 1 : members.Max(m => Natural(m.Node));
        var pack = record.Alignment < natural ? record.Alignment : 0;
        if (record.Kind == CNodeKind.Union)
        {
            return (true, pack);
        }

        var end = 0;
        var alignment = 1;
        foreach (var (node, offset, _) in members)
        {
            var align = pack > 0 ? Math.Min(pack, Natural(node)) : Natural(node);
            alignment = Math.Max(alignment, align);
            if (offset != end || offset % align != 0)
            {
                return (true, pack);
            }

            end = offset + node.Size;
        }

        var size = (end + alignment - 1) / alignment * alignment;
        return (size != record.Size, pack);
    }

    // The alignment C# gives the field written for a node.
    private static int Natural(CNode node) => node.Kind switch
    {
        CNodeKind.Pointer => 8,
        CNodeKind.Scalar => Scalar(node) is null ? 1 : node.Size,
        CNodeKind.Array => Natural(Innermost(node).Element),
        _ => Math.Min(node.Alignment, node.Members.Count == 0 ? 1 : node.Members.Max(Natural)),
    };

    private static void Flatten(CNode record, int offset, string path, List<(CNode, int, string)> into)
    {
        foreach (var member in record.Members)
        {
            if (member.Name.Length == 0 && member.IsRecord)
            {
                Flatten(member, offset + member.Offset, path, into);
            }
            else
            {
                into.Add((member, offset + member.Offset, path.Length == 0 ? member.Name : path + "." + member.Name));
            }
        }
    }

    private static (CNode Element, int Count) Innermost(CNode array)
    {
        var (element, count) = array.Innermost();
        if (element.Kind == CNodeKind.Scalar && Scalar(element) is null)
        {
            // A 16-byte number: its bytes.
            return (element with { Size = 1, Signedness = CSignedness.Unsigned }, count * element.Size);
        }

        return (element, count);
    }

    /// <summary><c>parent_pid</c> → <c>ParentPid</c>.</summary>
    public static string Pascal(string name)
    {
        var text = new StringBuilder();
        foreach (var part in name.Split(['_'], StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append(char.ToUpperInvariant(part[0])).Append(part, 1, part.Length - 1);
        }

        var result = text.Length == 0 ? "Field" : text.ToString();
        return char.IsDigit(result[0]) ? "_" + result : result;
    }

    private static string Unique(string name, HashSet<string> used)
    {
        var candidate = name;
        for (var i = 2; !used.Add(candidate); i++)
        {
            candidate = name + Text(i);
        }

        return candidate;
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
