using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace KernelConnector.Generators.Tests.CHeaders;

/// <summary>The reader against gcc on the connector users' headers installed on this machine.</summary>
public class RealHeaderLayoutTests
{
    // dm-log-userspace.h takes DM_UUID_LEN from dm-ioctl.h, which a project adds beside it.
    private static readonly string[] All = [.. SystemHeaders.Connector, "linux/dm-ioctl.h"];

    [Fact]
    public async Task Every_struct_of_the_connector_headers_is_laid_out_as_gcc_lays_it_out()
    {
        var (set, files) = SystemHeaders.Read(All);
        var structs = SystemHeaders.Connector.SelectMany(h => files[h].RecordsInOrder.Select(r => (files[h], r.Tag!))).ToArray();

        // The reader must find them all, not only the ones it can read.
        var names = structs.Select(s => s.Item2).ToHashSet();
        Assert.Superset(
            new System.Collections.Generic.HashSet<string> { "cb_id", "cn_msg", "proc_event", "fork_proc_event", "exec_proc_event", "id_proc_event", "sid_proc_event", "ptrace_proc_event",
             "comm_proc_event", "coredump_proc_event", "exit_proc_event", "dm_ulog_request" },
            names);
        Assert.Empty(files.Values.SelectMany(f => f.Problems.Select(p => $"{f.Name}:{p.Line}: {p.Message}")));

        var (compared, differences) = await GccComparison.CompareAsync(SystemHeaders.Includes(All), set, structs);
        Assert.True(differences.Count == 0, GccComparison.Describe(differences));
        Assert.True(compared > 150, $"only {compared} facts compared");
    }

    [Fact]
    public async Task The_structs_of_dm_ioctl_h_are_laid_out_as_gcc_lays_them_out()
    {
        var (set, files) = SystemHeaders.Read("linux/dm-ioctl.h");
        var structs = files["linux/dm-ioctl.h"].RecordsInOrder.Select(r => (files["linux/dm-ioctl.h"], r.Tag!)).ToArray();
        Assert.True(structs.Length >= 6, $"{structs.Length} structs");

        var (_, differences) = await GccComparison.CompareAsync(SystemHeaders.Includes(["linux/dm-ioctl.h"]), set, structs);
        Assert.True(differences.Count == 0, GccComparison.Describe(differences));
    }

    [Fact]
    public void Without_the_header_that_defines_its_array_size_a_struct_is_refused_naming_the_macro_and_the_include()
    {
        var (set, files) = SystemHeaders.Read("linux/dm-log-userspace.h");
        var resolution = set.Resolve(files["linux/dm-log-userspace.h"], "dm_ulog_request");

        Assert.Null(resolution.Node);
        Assert.Contains("'DM_UUID_LEN' is not defined in dm-log-userspace.h", resolution.Problem!.Message, System.StringComparison.Ordinal);
        Assert.Contains("<linux/dm-ioctl.h>", resolution.Problem.Message, System.StringComparison.Ordinal);
        Assert.Contains("char uuid[DM_UUID_LEN];", files["linux/dm-log-userspace.h"].LineText(resolution.Problem.Line), System.StringComparison.Ordinal);
    }
}
