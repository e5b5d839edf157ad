using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.ProcessEvents;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Parsing;

/// <summary><see cref="UserNames"/> against the system's user database, as <c>getent</c> reads it.</summary>
public sealed class UserNamesTests
{
    [Fact]
    public void Root_is_uid_0_and_gid_0()
    {
        var names = new UserNames();

        Assert.Equal("root", names.UserName(0));
        Assert.Equal("root", names.GroupName(0));
    }

    [Fact]
    public void An_id_nobody_has_gives_null()
    {
        var names = new UserNames();

        Assert.Null(names.UserName(4_000_000_000));
        Assert.Null(names.GroupName(4_000_000_000));
        Assert.Null(names.UserName(4_000_000_000));
    }

    [Fact]
    public async Task The_first_users_and_groups_match_getent()
    {
        var names = new UserNames();
        foreach (var uid in FirstIds("/etc/passwd"))
        {
            Assert.Equal(await GetentAsync("passwd", uid), names.UserName(uid));
        }

        foreach (var gid in FirstIds("/etc/group"))
        {
            Assert.Equal(await GetentAsync("group", gid), names.GroupName(gid));
        }
    }

    [Fact]
    public async Task Names_give_the_uid_getent_gives_and_unknown_names_give_null()
    {
        var names = new UserNames(initialBuffer: 1);
        foreach (var uid in FirstIds("/etc/passwd"))
        {
            // The name getent gives for the uid, looked up by name, gives the uid back.
            var name = await GetentAsync("passwd", uid);
            Assert.NotNull(name);
            Assert.Equal(uid, names.UserId(name));
        }

        Assert.Null(names.UserId("nosuchuser"));
        Assert.Null(names.UserId(""));
        Assert.Null(names.UserId("ro\0ot"));
    }

    [Fact]
    public void A_buffer_too_small_for_the_entry_is_grown_until_it_fits()
    {
        var names = new UserNames(initialBuffer: 1);

        Assert.Equal("root", names.UserName(0));
        Assert.Equal("root", names.GroupName(0));
    }

    [Fact]
    public void The_cache_answers_with_the_same_instance()
    {
        var names = new UserNames();

        var first = names.UserName(0);

        Assert.Same(first, names.UserName(0));
        Assert.Same(names.GroupName(0), names.GroupName(0));
    }

    [Fact]
    public void Threads_asking_at_once_all_get_the_cached_instance()
    {
        var names = new UserNames();
        var answers = new string?[64];

        Parallel.For(0, answers.Length, i => answers[i] = names.UserName(0));

        Assert.All(answers, answer => Assert.Same(answers[0], answer));
        Assert.Equal("root", answers[0]);
    }

    /// <summary>The ids of the first lines of a colon-separated database file (the third field).</summary>
    private static IEnumerable<uint> FirstIds(string file)
        => File.ReadLines(file)
            .Select(line => line.Split(':'))
            .Where(fields => fields.Length > 2 && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(fields => uint.Parse(fields[2], CultureInfo.InvariantCulture))
            .Take(6)
            .ToArray();

    private static async Task<string?> GetentAsync(string database, uint id)
    {
        var result = await ProcessRunner.RunAsync("getent", [database, id.ToString(CultureInfo.InvariantCulture)], Path.GetTempPath(), timeout: TimeSpan.FromSeconds(30));

        // getent exits with 2 when the key is not found.
        return result.ExitCode == 0 ? result.Output.Split(':')[0] : null;
    }
}
