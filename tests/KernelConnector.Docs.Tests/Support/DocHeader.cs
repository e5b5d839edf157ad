namespace KernelConnector.Docs.Tests.Support;

/// <summary>
/// A C header shown in a document (<c>```c header linux/my_module.h</c>): an AdditionalFiles item
/// of the C# blocks after it in its section, so that <c>[CStruct]</c> examples are compared with it.
/// </summary>
/// <param name="File">The Markdown file, relative to the repository root, with '/' separators.</param>
/// <param name="Line">The line of the header's first line (1-based).</param>
/// <param name="Path">The AdditionalFiles path the block gives, as a project would list it.</param>
/// <param name="Text">The header's text.</param>
public sealed record DocHeader(string File, int Line, string Path, string Text)
{
    /// <summary>Where the header is, as an editor takes it.</summary>
    public string Where => $"{File}:{Line}";
}
