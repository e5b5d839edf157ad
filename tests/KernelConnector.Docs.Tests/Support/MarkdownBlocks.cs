using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace KernelConnector.Docs.Tests.Support;

/// <summary>
/// Finds the fenced C# blocks of the repository's documentation, each with the C headers
/// (<c>```c header PATH</c>) before it in its section. A block whose info string the tests do not
/// know is an error, not a block to skip: no example escapes the tests by a typo.
/// </summary>
public static partial class MarkdownBlocks
{
    /// <summary>README.md and every Markdown file under docs/ and samples/, relative to the root.</summary>
    public static IEnumerable<string> Documents(string root) =>
        new[] { "README.md" }
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "samples"), "*.md", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)))
            .Select(f => f.Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    /// <summary>The C# blocks of one Markdown text; <paramref name="errors"/> gets what cannot be a block.</summary>
    public static IReadOnlyList<DocBlock> Parse(string file, string markdown, List<string> errors)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<DocBlock>();
        var headers = new SectionHeaders(file, errors);
        for (var i = 0; i < lines.Length; i++)
        {
            if (Heading().IsMatch(lines[i]))
            {
                headers.EndSection();
                continue;
            }

            if (!lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var info = lines[i][3..].Trim();
            var start = i + 1;
            var end = start;
            while (end < lines.Length && !lines[end].StartsWith("```", StringComparison.Ordinal))
            {
                end++;
            }

            if (end == lines.Length)
            {
                errors.Add($"{file}:{i + 1}: a fence that is never closed");
                break;
            }

            var words = info.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 0 && words[0] is "cs" or "c#" or "C#" or "CSharp")
            {
                errors.Add($"{file}:{i + 1}: write ```csharp, not ```{words[0]} (the docs tests compile every ```csharp block)");
            }
            else if (words.Length > 0 && words[0] == "csharp")
            {
                var code = string.Join('\n', lines[start..end]);
                if (TryRead(words[1..], out var kind, out var rule, out var run, out var problem))
                {
                    blocks.Add(new DocBlock(file, start + 1, kind, rule, run, code, run ? OutputAfter(lines, end + 1) : null, headers.Take()));
                }
                else
                {
                    errors.Add($"{file}:{i + 1}: {problem}");
                }
            }
            else if (words is ["c", "header", var path])
            {
                headers.Add(new DocHeader(file, start + 1, path, string.Join('\n', lines[start..end]) + "\n"));
            }
            else if (words is ["c", _, ..])
            {
                // A plain ```c block only shows C; words after it can only be a header mistyped.
                errors.Add($"{file}:{i + 1}: unknown words after ```c: '{string.Join(' ', words[1..])}' (known: header PATH; see docs/testing.md)");
            }

            i = end;
        }

        headers.EndSection();
        return blocks;
    }

    private static bool TryRead(string[] words, out DocBlockKind kind, out string? rule, out bool run, out string problem)
    {
        (kind, rule, run, problem) = (DocBlockKind.File, null, false, "");
        switch (words)
        {
            case []:
                return true;
            case ["run"]:
                run = true;
                return true;
            case ["fragment"]:
                kind = DocBlockKind.Fragment;
                return true;
            case ["wrong" or "right", var id] when RuleId().IsMatch(id):
                kind = words[0] == "wrong" ? DocBlockKind.Wrong : DocBlockKind.Right;
                rule = id;
                return true;
            default:
                problem = $"unknown words after ```csharp: '{string.Join(' ', words)}' (known: run, fragment, wrong KCnnnn, right KCnnnn; see docs/testing.md)";
                return false;
        }
    }

    /// <summary>The text of a <c>```text output</c> block that follows, with nothing but prose or blank lines between.</summary>
    private static string? OutputAfter(string[] lines, int from)
    {
        for (var i = from; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                if (lines[i][3..].Trim() != "text output")
                {
                    return null;
                }

                var end = Array.FindIndex(lines, i + 1, l => l.StartsWith("```", StringComparison.Ordinal));
                return string.Join('\n', lines[(i + 1)..end]);
            }
        }

        return null;
    }

    /// <summary>An ATX heading (<c># Title</c> to <c>###### Title</c>), which ends a section.</summary>
    [GeneratedRegex("^#{1,6}( |$)")]
    private static partial Regex Heading();

    [GeneratedRegex("^KC[0-9]{4}$")]
    private static partial Regex RuleId();
}
