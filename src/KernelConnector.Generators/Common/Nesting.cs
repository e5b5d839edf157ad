namespace KernelConnector.Generators.Common;

/// <summary>How deep the generator and the analyzers follow structs nested in structs.</summary>
internal static class Nesting
{
    /// <summary>
    /// Deeper than this is treated as a cycle: only broken code (a struct that contains itself,
    /// which the compiler reports as CS0523) gets there, and it must not overflow the stack. One
    /// value for every walk, so that the generator never emits checks for a depth the analyzers
    /// and the layout computation gave up on, or the other way round.
    /// </summary>
    public const int MaxDepth = 32;
}
