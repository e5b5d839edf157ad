using System.IO;
using System.Linq;
using KernelConnector.Tests.Shared;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.Robustness;

/// <summary>
/// Every input of the fuzz corpus (tests/KernelConnector.Fuzzing/corpus) goes through the checks
/// the fuzzing harness applies (<see cref="ReceivePathCheck"/> with <see cref="FuzzHandlers"/>), so
/// what AFL++ found once is re-checked against the current receive path in every test run.
/// </summary>
public sealed class ReceivePathCorpusTests
{
    [Fact]
    public void Every_fuzz_corpus_input_passes_the_harness_checks()
    {
        var directory = Path.Combine(Repository.Root, "tests", "KernelConnector.Fuzzing", "corpus");
        var files = Directory.GetFiles(directory).Order(System.StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);

        var check = FuzzHandlers.CreateCheck();
        var handlers = new FuzzHandlers();
        var failures = files
            .Select(file =>
            {
                try
                {
                    check.Run(File.ReadAllBytes(file), d => handlers.Dispatch(d, 7));
                    return null;
                }
                catch (System.Exception e)
                {
                    // A violation of the model, or an exception that escaped the receive path.
                    return $"{Path.GetFileName(file)}: {(e is ReceivePathViolation ? e.Message : e.ToString())}";
                }
            })
            .Where(f => f is not null)
            .ToArray();

        Assert.True(failures.Length == 0, $"{failures.Length} of {files.Length} corpus input(s) failed:\n{string.Join("\n", failures)}");
    }
}
