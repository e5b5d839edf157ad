using System;

namespace KernelConnector.Generators.CHeaders;

/// <summary>Something in a header the reader cannot evaluate, with the line that shows it.</summary>
/// <param name="Line">The 1-based line of the header.</param>
/// <param name="Message">What the reader cannot do there, in words a user acts on.</param>
internal sealed record CProblem(int Line, string Message);

/// <summary>
/// Unwinds the reader from a declaration it cannot evaluate to the point that records why. It never
/// leaves the reader: <see cref="CHeaderFile"/> and <see cref="CHeaderSet"/> turn it into a
/// <see cref="CProblem"/>.
/// </summary>
internal sealed class CReadException(CProblem problem) : Exception(problem.Message)
{
    public CProblem Problem { get; } = problem;

    /// <summary>The header the problem is in, once known (a layout can reach into an included header).</summary>
    public CHeaderFile? File { get; set; }
}
