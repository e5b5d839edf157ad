using System.Collections.Generic;

namespace KernelConnector.Generators.CHeaders;

/// <summary>
/// A <c>#define</c>. Object-like macros are expanded; a function-like one (<see cref="IsFunctionLike"/>)
/// is recognised so that its use can be refused with its name, not evaluated.
/// </summary>
/// <param name="Name">The macro's name.</param>
/// <param name="IsFunctionLike">Whether it takes arguments.</param>
/// <param name="Body">Its replacement tokens.</param>
/// <param name="Line">The line of the <c>#define</c>.</param>
/// <param name="DefinedAt">The index of the first token of the header after the definition: it applies from there.</param>
/// <param name="Problem">Why its value cannot be trusted (defined under a preprocessor conditional), or null.</param>
internal sealed record CMacro(string Name, bool IsFunctionLike, IReadOnlyList<CToken> Body, int Line, int DefinedAt, string? Problem)
{
    /// <summary>The index of the first token after an <c>#undef</c> of it; it no longer applies from there.</summary>
    public int UndefinedAt { get; set; } = int.MaxValue;
}

/// <summary>An <c>#include</c> line.</summary>
/// <param name="Path">The included path, as written between the brackets or quotes.</param>
/// <param name="Line">The line of the directive.</param>
internal sealed record CInclude(string Path, int Line);
