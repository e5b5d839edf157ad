using Xunit;

namespace KernelConnector.Tests.Support;

/// <summary>
/// Tests that measure or load the whole process or machine (descriptors, heap, a process storm, the
/// kernel's sockets and process events, <c>dotnet pack</c>): they run one at a time, after the
/// parallel tests, so that no other test skews what they count.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideCollection
{
    public const string Name = "Process-wide measurements";
}
