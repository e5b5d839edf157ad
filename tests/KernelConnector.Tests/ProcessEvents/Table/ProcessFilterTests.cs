using KernelConnector.ProcessEvents;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Table;

public sealed class ProcessFilterTests : System.IDisposable
{
    private readonly FakeProc _proc = new();
    private readonly ProcessTable _table;

    public ProcessFilterTests()
    {
        _proc.Add(1, 0, "init", ["/sbin/init"], startTicks: 1);
        _proc.Add(10, 1, "bash", ["-bash"], startTicks: 2, uid: 1000);
        _proc.Add(11, 10, "python3", ["/usr/bin/python3", "app.py"], startTicks: 3, uid: 1000);
        _proc.Add(20, 1, "nginx", ["nginx"], startTicks: 4, cgroup: "0::/system.slice/docker-" + new string('b', 64) + ".scope");
        _proc.Add(30, 1, "cron", ["/usr/sbin/cron"], startTicks: 5, cgroup: "0::/system.slice/cron.service");
        _table = _proc.NewTable();
        _table.Seed();
    }

    public void Dispose() => _proc.Dispose();

    private ProcessRecord P(int pid) => _table.Find(pid)!;

    [Fact]
    public void An_empty_filter_matches_everything()
    {
        var filter = new ProcessFilter();
        Assert.True(filter.IsEmpty);
        Assert.True(filter.Matches(P(30)));
    }

    [Fact]
    public void Subtree_matches_the_process_and_its_descendants_only()
    {
        var filter = new ProcessFilter { Subtrees = [P(10).Key] };
        Assert.True(filter.Matches(P(10)));
        Assert.True(filter.Matches(P(11)));
        Assert.False(filter.Matches(P(1)));
        Assert.False(filter.Matches(P(20)));
    }

    [Fact]
    public void Names_match_comm_executable_or_first_argument_by_pattern()
    {
        Assert.True(new ProcessFilter { Names = ["python*"] }.Matches(P(11)));
        Assert.True(new ProcessFilter { Names = ["cron"] }.Matches(P(30)));
        Assert.True(new ProcessFilter { Names = ["/usr/sbin/*"] }.Matches(P(30)));
        Assert.False(new ProcessFilter { Names = ["python*"] }.Matches(P(30)));
        Assert.False(new ProcessFilter { Names = ["CRON"] }.Matches(P(30)));
    }

    [Fact]
    public void Users_match_by_uid_or_name()
    {
        Assert.True(new ProcessFilter { Users = ["1000"] }.Matches(P(11)));
        Assert.False(new ProcessFilter { Users = ["1000"] }.Matches(P(30)));
        Assert.True(new ProcessFilter { Users = ["root"] }.Matches(P(30)));
        Assert.False(new ProcessFilter { Users = ["root"] }.Matches(P(11)));
    }

    [Fact]
    public void A_user_name_matches_by_its_uid_and_an_unknown_name_matches_nothing_and_is_reported()
    {
        // uid 0 under the names the user database gives it, and under its number.
        var filter = new ProcessFilter { Users = ["root", "0", "nosuchuser", "1000"] };
        Assert.Equal(["nosuchuser"], filter.UnknownUsers());
        Assert.Empty(new ProcessFilter { Users = ["root", "0", "4294967294"] }.UnknownUsers());
        Assert.Empty(new ProcessFilter().UnknownUsers());
        Assert.Equal(["", "ro\0ot"], new ProcessFilter { Users = ["", "ro\0ot"] }.UnknownUsers());

        Assert.False(new ProcessFilter { Users = ["nosuchuser"] }.Matches(P(30)));
        Assert.False(new ProcessFilter { Users = ["nosuchuser"] }.Matches(P(11)));
    }

    [Fact]
    public void Containers_match_any_none_or_an_id_prefix_and_cgroups_by_pattern()
    {
        Assert.True(new ProcessFilter { Containers = ["*"] }.Matches(P(20)));
        Assert.False(new ProcessFilter { Containers = ["*"] }.Matches(P(30)));
        Assert.True(new ProcessFilter { Containers = ["-"] }.Matches(P(30)));
        Assert.True(new ProcessFilter { Containers = ["bbbbbb"] }.Matches(P(20)));
        Assert.False(new ProcessFilter { Containers = ["abc"] }.Matches(P(20)));
        Assert.True(new ProcessFilter { Cgroups = ["/system.slice/cron*"] }.Matches(P(30)));
        Assert.False(new ProcessFilter { Cgroups = ["/system.slice/cron*"] }.Matches(P(20)));
    }

    [Fact]
    public void Every_criterion_set_must_hold()
    {
        var filter = new ProcessFilter { Users = ["1000"], Names = ["bash"] };
        Assert.True(filter.Matches(P(10)));
        Assert.False(filter.Matches(P(11)));
    }
}
