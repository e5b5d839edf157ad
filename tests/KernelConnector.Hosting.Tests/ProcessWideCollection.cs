using Xunit;

namespace KernelConnector.Hosting.Tests;

/// <summary>
/// Tests that read or change what belongs to the whole process (its exit code): they run one at a
/// time, after the parallel tests, so that no other test sees or sets it meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideCollection
{
    public const string Name = "Process-wide state";
}
