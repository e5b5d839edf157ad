using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using KernelConnector.Generators.CHeaders;
using KernelConnector.Generators.Common;

namespace KernelConnector.Generators.HeaderParity;

/// <summary>
/// Compares a C# struct with its C counterpart. A C# field is paired with the C member at its
/// offset whose name is the same once case and underscores are ignored (<c>ParentPid</c> and
/// <c>parent_pid</c>), else with the outermost C member there of its size, else with the
/// outermost one there; failing all that, with the C member of its name elsewhere (a wrong
/// offset). Members of anonymous, nested and union members count at any depth, so a C# struct may
/// mirror C's nesting or flatten it (a union arm as a field of its own). Fields lying in C's
/// padding are the padding made visible and are accepted.
/// </summary>
internal static class ParityComparer
{
    /// <param name="managed">The C# struct.</param>
    /// <param name="c">The C struct.</param>
    /// <param name="maxTrailingBytes">For a message, its MaxTrailingBytes; null for a struct that is not one.</param>
    public static EquatableArray<ParityDifference> Compare(ManagedStruct managed, CNode c, int? maxTrailingBytes)
    {
        var differences = new List<ParityDifference>();
        if (managed.Size != c.Size)
        {
            differences.Add(Difference(ParityRule.Size, "", c.Quote, managed.Name, Text(managed.Size), c.TypeText, Text(c.Size), c.Quote.ToString()));
        }

        if (managed.Alignment != c.Alignment)
        {
            differences.Add(Difference(ParityRule.Alignment, "", c.Quote, managed.Name, Text(managed.Alignment), c.TypeText, Text(c.Alignment), c.Quote.ToString()));
        }

        CompareRecord(managed, c, "", null, differences, 0);
        if (maxTrailingBytes is { } trailing && c.FlexibleMember is { } flexible)
        {
            CompareTrailing(managed, c, flexible, trailing, differences);
        }

        return differences.ToEquatableArray();
    }

    private static void CompareTrailing(ManagedStruct managed, CNode c, CNode flexible, int trailing, List<ParityDifference> differences)
    {
        var element = flexible.Element?.Size ?? 1;
        string? what = null;
        if (trailing <= 0)
        {
            what = "declares no trailing bytes (MaxTrailingBytes = 0)";
        }
        else if (element > 1 && trailing % element != 0)
        {
            what = $"allows {Text(trailing)} trailing bytes (MaxTrailingBytes), not a whole number of its {Text(element)}-byte elements";
        }
        else if (flexible.Offset != managed.Size)
        {
            what = $"has its trailing bytes start at offset {Text(managed.Size)}, its size";
        }

        if (what is not null)
        {
            var name = flexible.Offset == c.Size ? flexible.Name : $"{flexible.Name}' at offset '{Text(flexible.Offset)}";
            differences.Add(Difference(ParityRule.FlexibleArray, "", flexible.Quote, managed.Name, what, c.TypeText, name, flexible.Quote.ToString()));
        }
    }

    private static void CompareRecord(ManagedStruct managed, CNode c, string prefix, string? top, List<ParityDifference> differences, int depth)
    {
        var candidates = new List<Candidate>();
        Flatten(c, 0, "", null, candidates);
        var matched = new HashSet<Candidate>();
        foreach (var field in managed.Fields)
        {
            var path = prefix + field.Name;
            var on = top ?? field.Name;
            var candidate = Pick(field, candidates);
            if (candidate is null)
            {
                if (candidates.FirstOrDefault(x => SameName(x.Node.Name, field.Name) && !x.Node.IsFlexible) is { } named)
                {
                    matched.Add(named);
                    differences.Add(Difference(ParityRule.Offset, on, named.Node.Quote, path, Text(field.Offset), named.Path, Text(named.Offset), named.Node.Quote.ToString()));
                    CompareType(path, on, field.Type, named.Node, named.Path, differences, depth);
                }
                else if (!InPadding(c, candidates, field))
                {
                    var why = field.Offset + field.Type.Size > c.Size
                        ? $"it ends at byte {Text(field.Offset + field.Type.Size)}, past the C {Kind(c)}'s {Text(c.Size)} bytes"
                        : $"no C member starts at offset {Text(field.Offset)}, and none is named like it";
                    differences.Add(Difference(ParityRule.ExtraField, on, c.Quote, path, Text(field.Offset), Text(field.Type.Size), c.TypeText, why, c.Quote.ToString()));
                }

                continue;
            }

            matched.Add(candidate);
            CompareType(path, on, field.Type, candidate.Node, candidate.Path, differences, depth);
        }

        foreach (var member in candidates.Where(x => x.Parent is null))
        {
            Missing(member, candidates, matched, managed.Name, prefix, top, differences);
        }
    }

    /// <summary>
    /// Which C member (by its path in the struct, through anonymous members) each field of the C#
    /// struct stands for, as the comparison pairs them; for the code fix, which keeps those fields' names.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Pairs(ManagedStruct managed, CNode c)
    {
        var candidates = new List<Candidate>();
        Flatten(c, 0, "", null, candidates);
        var pairs = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (var field in managed.Fields)
        {
            // Only a pairing by name or by size says the field stands for the member; the outermost member at its offset does not.
            var picked = Pick(field, candidates);
            if (picked is not null && !SameName(picked.Node.Name, field.Name) && picked.Node.Size != field.Type.Size)
            {
                picked = null;
            }

            if ((picked ?? candidates.FirstOrDefault(x => SameName(x.Node.Name, field.Name))) is { Path.Length: > 0 } candidate
                && !pairs.ContainsKey(candidate.Path))
            {
                pairs[candidate.Path] = field.Name;
            }
        }

        return pairs;
    }

    // The C member at the field's offset: of its name, else of its size and most like it, else the outermost.
    private static Candidate? Pick(ManagedField field, List<Candidate> candidates)
    {
        var at = candidates.Where(x => x.Offset == field.Offset && !x.Node.IsFlexible).ToArray();
        return at.FirstOrDefault(x => SameName(x.Node.Name, field.Name))
            ?? at.Where(x => x.Node.Size == field.Type.Size).OrderByDescending(x => Similarity(field.Type, x.Node)).FirstOrDefault()
            ?? at.FirstOrDefault();
    }

    private static void CompareType(string path, string on, ManagedType type, CNode node, string cPath, List<ParityDifference> differences, int depth)
    {
        if (depth > Nesting.MaxDepth)
        {
            return;
        }

        switch (node.Kind)
        {
            case CNodeKind.Scalar or CNodeKind.Pointer:
                if (type.Kind is ManagedKind.Array or ManagedKind.Struct)
                {
                    differences.Add(Shape(path, on, type, node, cPath));
                }
                else if (type.Size != node.Size)
                {
                    differences.Add(Difference(ParityRule.FieldSize, on, node.Quote, path, type.Display, Text(type.Size), cPath, node.TypeText, Text(node.Size), node.Quote.ToString()));
                }
                else if (node.Kind == CNodeKind.Scalar && (node.Signedness == CSignedness.Float) != (type.Kind == ManagedKind.Float))
                {
                    differences.Add(Shape(path, on, type, node, cPath));
                }
                else if (node.Kind == CNodeKind.Scalar && type.Kind == ManagedKind.Integer
                    && ((node.Signedness == CSignedness.Signed && !type.Signed) || (node.Signedness == CSignedness.Unsigned && type.Signed)))
                {
                    differences.Add(Difference(ParityRule.Signedness, on, node.Quote, path, type.Display, Sign(type.Signed), cPath, node.TypeText,
                        Sign(node.Signedness == CSignedness.Signed), node.Quote.ToString()));
                }

                break;

            case CNodeKind.Array:
                var (cElement, cCount) = node.Innermost();
                if (type.Kind != ManagedKind.Array)
                {
                    differences.Add(Shape(path, on, type, node, cPath));
                    break;
                }

                var (element, count) = Innermost(type);
                if (count != cCount || element.Size != cElement.Size)
                {
                    differences.Add(Difference(ParityRule.ArrayLength, on, node.Quote, path, Text(count), Text(element.Size), cPath, node.TypeText,
                        Text(cCount), Text(cElement.Size), node.Quote.ToString()));
                    break;
                }

                CompareType(path + "[]", on, element, cElement with { Quote = node.Quote }, cPath + "[]", differences, depth + 1);
                break;

            default:
                if (type.Kind == ManagedKind.Struct && type.Struct is { } nested)
                {
                    if (type.Size != node.Size)
                    {
                        differences.Add(Difference(ParityRule.FieldSize, on, node.Quote, path, type.Display, Text(type.Size), cPath, node.TypeText, Text(node.Size), node.Quote.ToString()));
                    }

                    CompareRecord(nested, node, path + ".", on, differences, depth + 1);
                }
                else if (type.Kind is ManagedKind.Integer or ManagedKind.Float && Stand_in(type, node) is { } arm)
                {
                    // A number standing for a union of numbers (id_proc_event's r) or a struct of one.
                    CompareType(path, on, type, arm, cPath + "." + arm.Name, differences, depth + 1);
                }
                else
                {
                    differences.Add(Shape(path, on, type, node, cPath));
                }

                break;
        }
    }

    // How alike a C# type and a C member of the same size look: for a struct, how many of its
    // fields sit on a C member of their size, name and signedness. Union arms of one size (the
    // arms of proc_event's event_data) are told apart by it when the field's name does not say.
    private static int Similarity(ManagedType type, CNode node)
    {
        if (type.Kind != ManagedKind.Struct || type.Struct is not { } managed || !node.IsRecord)
        {
            return Compatible(type, node) ? 1 : 0;
        }

        var score = 0;
        foreach (var field in managed.Fields)
        {
            foreach (var member in node.Members.Where(m => m.Offset == field.Offset && m.Size == field.Type.Size))
            {
                score += 1 + (SameName(member.Name, field.Name) ? 2 : 0) + (Compatible(field.Type, member) ? 1 : 0);
            }
        }

        return score;
    }

    private static bool Compatible(ManagedType type, CNode node)
    {
        if (node.IsRecord && type.Kind is ManagedKind.Integer or ManagedKind.Float)
        {
            return Stand_in(type, node) is { } arm && Compatible(type, arm);
        }

        return node.Kind switch
        {
            CNodeKind.Scalar => type.Kind is ManagedKind.Integer or ManagedKind.Float && (node.Signedness == CSignedness.Float) == (type.Kind == ManagedKind.Float)
                && (node.Signedness is CSignedness.Either or CSignedness.Float || (node.Signedness == CSignedness.Signed) == type.Signed),
            CNodeKind.Pointer => type.Kind == ManagedKind.Pointer,
            CNodeKind.Array => type.Kind == ManagedKind.Array,
            _ => type.Kind == ManagedKind.Struct,
        };
    }

    // The member a number may stand for: the one member of a struct, or the union arm that fits it best.
    private static CNode? Stand_in(ManagedType type, CNode node)
    {
        var scalars = node.Members.Where(m => m.Offset == 0 && m.Kind == CNodeKind.Scalar && m.Size == type.Size && m.Size == node.Size).ToArray();
        if (node.Kind == CNodeKind.Struct)
        {
            return node.Members.Count == 1 && scalars.Length == 1 ? scalars[0] : null;
        }

        return scalars.FirstOrDefault(m => m.Signedness == CSignedness.Either || (m.Signedness == CSignedness.Signed) == type.Signed) ?? scalars.FirstOrDefault();
    }

    private static void Missing(Candidate member, List<Candidate> all, HashSet<Candidate> matched, string structName, string prefix, string? top, List<ParityDifference> differences)
    {
        if (matched.Contains(member) || member.Node.IsFlexible || member.Node.Size == 0)
        {
            return;
        }

        var children = all.Where(x => x.Parent == member).ToArray();
        if (!member.Node.IsRecord || !Touched(member, all, matched))
        {
            var name = member.Path.Length > 0 ? member.Path : $"({Kind(member.Node)} at offset {Text(member.Offset)})";
            differences.Add(Difference(ParityRule.MissingMember, top ?? "", member.Node.Quote, top is null ? structName : prefix.TrimEnd('.'),
                name, member.Node.TypeText, Text(member.Offset), Text(member.Node.Size), member.Node.Quote.ToString()));
            return;
        }

        foreach (var child in children)
        {
            // One arm of a union is enough: the others are other readings of the same bytes.
            if (member.Node.Kind == CNodeKind.Struct || Touched(child, all, matched))
            {
                Missing(child, all, matched, structName, prefix, top, differences);
            }
        }
    }

    private static bool Touched(Candidate member, List<Candidate> all, HashSet<Candidate> matched)
    {
        if (matched.Contains(member))
        {
            return true;
        }

        foreach (var x in all)
        {
            for (var p = x.Parent; p is not null; p = p.Parent)
            {
                if (p == member && matched.Contains(x))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // A field that lies only in bytes no C member covers declares C's padding.
    private static bool InPadding(CNode c, List<Candidate> candidates, ManagedField field)
    {
        if (field.Offset < 0 || field.Offset + field.Type.Size > c.Size)
        {
            return false;
        }

        foreach (var x in candidates)
        {
            if (!x.Node.IsRecord && x.Offset < field.Offset + field.Type.Size && field.Offset < x.Offset + x.Node.Size)
            {
                return false;
            }
        }

        return true;
    }

    private static void Flatten(CNode record, int offset, string path, Candidate? parent, List<Candidate> into)
    {
        foreach (var member in record.Members)
        {
            var memberPath = member.Name.Length == 0 ? path : path.Length == 0 ? member.Name : path + "." + member.Name;
            var candidate = new Candidate(member, offset + member.Offset, memberPath, parent);
            into.Add(candidate);
            if (member.IsRecord && into.Count < 10_000)
            {
                Flatten(member, candidate.Offset, memberPath, candidate, into);
            }
        }
    }

    private static (ManagedType Element, int Count) Innermost(ManagedType array)
    {
        long count = array.Length;
        var element = array.Element!;
        while (element.Kind == ManagedKind.Array && element.Element is { } inner)
        {
            count *= element.Length;
            element = inner;
        }

        return (element, (int)count);
    }

    private static ParityDifference Shape(string path, string on, ManagedType type, CNode node, string cPath) =>
        Difference(ParityRule.Shape, on, node.Quote, path, Describe(type), cPath, Describe(node), node.Quote.ToString());

    private static string Describe(ManagedType type) => type.Kind switch
    {
        ManagedKind.Array => $"an array ({type.Display})",
        ManagedKind.Struct => $"a struct ({type.Display})",
        ManagedKind.Float => $"a floating-point number ({type.Display})",
        ManagedKind.Pointer => $"a pointer ({type.Display})",
        _ => $"an integer ({type.Display})",
    };

    private static string Describe(CNode node) => node.Kind switch
    {
        CNodeKind.Array => $"an array ({node.TypeText})",
        CNodeKind.Struct => $"a struct ({node.TypeText})",
        CNodeKind.Union => $"a union ({node.TypeText})",
        CNodeKind.Pointer => $"a pointer ({node.TypeText})",
        _ => node.Signedness == CSignedness.Float ? $"a floating-point number ({node.TypeText})" : $"an integer ({node.TypeText})",
    };

    private static string Kind(CNode node) => node.Kind == CNodeKind.Union ? "union" : "struct";

    private static bool SameName(string c, string managed) => c.Length > 0 && Normalize(c) == Normalize(managed);

    private static string Normalize(string name) => name.Replace("_", "").ToLowerInvariant();

    private static string Sign(bool signed) => signed ? "signed" : "unsigned";

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static ParityDifference Difference(ParityRule rule, string field, CQuote quote, params string[] arguments) =>
        new(rule, field, arguments.ToEquatableArray(), quote);

    private sealed class Candidate(CNode node, int offset, string path, Candidate? parent)
    {
        public CNode Node { get; } = node;

        public int Offset { get; } = offset;

        public string Path { get; } = path;

        public Candidate? Parent { get; } = parent;
    }
}
