using System.Collections.Generic;

namespace KernelConnector.Docs.Tests.Support;

/// <summary>How the tests treat a fenced C# block, from the words after <c>```csharp</c> (docs/testing.md).</summary>
public enum DocBlockKind
{
    /// <summary><c>```csharp</c>: a whole file, compiled with the document's other whole files as one program.</summary>
    File,

    /// <summary><c>```csharp fragment</c>: statements, compiled as the body of an async method with <c>args</c> and <c>cancellationToken</c>.</summary>
    Fragment,

    /// <summary><c>```csharp wrong KC0001</c>: compiled alone, must report that rule.</summary>
    Wrong,

    /// <summary><c>```csharp right KC0001</c>: compiled alone, must compile without an error and without that rule.</summary>
    Right,
}

/// <summary>One fenced C# block of a Markdown file.</summary>
/// <param name="File">The file, relative to the repository root, with '/' separators.</param>
/// <param name="Line">The line of the block's first line of code (1-based).</param>
/// <param name="Kind">How it is compiled.</param>
/// <param name="Rule">The analyzer rule of a wrong or right block.</param>
/// <param name="Run">Whether the document's program is run (<c>```csharp run</c>).</param>
/// <param name="Code">The code.</param>
/// <param name="ExpectedOutput">The <c>```text output</c> block that follows a run block, if any.</param>
/// <param name="Headers">The <c>```c header</c> blocks before it in its section: its AdditionalFiles.</param>
public sealed record DocBlock(string File, int Line, DocBlockKind Kind, string? Rule, bool Run, string Code, string? ExpectedOutput, IReadOnlyList<DocHeader> Headers)
{
    /// <summary>Where the block is, as an editor takes it.</summary>
    public string Where => $"{File}:{Line}";
}
