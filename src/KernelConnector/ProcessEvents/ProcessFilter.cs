using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO.Enumeration;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// Which processes to report: every criterion that is set must hold (an empty filter matches
/// everything). Patterns are shell-style: <c>*</c> any run of characters, <c>?</c> one character.
/// </summary>
public sealed record ProcessFilter
{
    // Shared by every filter: a name's uid is the same for all of them, and a record's fields
    // would take part in its equality.
    private static readonly UserNames UserDatabase = new();

    /// <summary>Only these processes and their descendants (by identity, so pid reuse does not match).</summary>
    public IReadOnlyList<ProcessKey> Subtrees { get; init; } = [];

    /// <summary>
    /// Only processes whose command name, executable file name or first argument matches one of
    /// these patterns (case-sensitive, as file names are).
    /// </summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>
    /// Only processes whose real user is one of these: a user name, or a numeric uid. The user is
    /// the one <see cref="ProcessRecord.Uid"/> says at the moment of the event being matched (the
    /// process's at that event, as the table follows it); a process whose user is not known
    /// (<see cref="ProcessCredentialSource.Unknown"/>) matches none. A name is
    /// looked up in the system's user database once, the first time it is needed, and matches by
    /// its uid (so every name of a uid matches); a name no user has matches nothing (see
    /// <see cref="UnknownUsers"/>).
    /// </summary>
    public IReadOnlyList<string> Users { get; init; } = [];

    /// <summary>Only processes whose cgroup path matches one of these patterns.</summary>
    public IReadOnlyList<string> Cgroups { get; init; } = [];

    /// <summary>
    /// Only processes in a container: <c>*</c> for any container, <c>-</c> for none (the host), or a
    /// prefix of a container id (or a systemd-nspawn/LXC machine name).
    /// </summary>
    public IReadOnlyList<string> Containers { get; init; } = [];

    /// <summary>Whether nothing is filtered out.</summary>
    public bool IsEmpty => Subtrees.Count == 0 && Names.Count == 0 && Users.Count == 0 && Cgroups.Count == 0 && Containers.Count == 0;

    /// <summary>
    /// The entries of <see cref="Users"/> that are neither a uid nor the name of a user in the
    /// system's user database: each matches nothing, which is most likely a typing mistake to
    /// report before listening starts.
    /// </summary>
    public IReadOnlyList<string> UnknownUsers()
    {
        List<string>? unknown = null;
        foreach (var user in Users)
        {
            if (UserId(user) is null)
            {
                (unknown ??= []).Add(user);
            }
        }

        return unknown ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Whether <paramref name="process"/> passes every criterion that is set.</summary>
    public bool Matches(ProcessRecord process)
    {
        ArgumentNullException.ThrowIfNull(process);
        return (Subtrees.Count == 0 || Any(Subtrees, process, static (key, p) => p.IsDescendantOf(key)))
            && (Names.Count == 0 || Any(Names, process, static (pattern, p) => NameMatches(pattern, p)))
            && (Users.Count == 0 || Any(Users, process, static (user, p) => UserMatches(user, p)))
            && (Cgroups.Count == 0 || Any(Cgroups, process, static (pattern, p) => p.CgroupPath is { } path && Glob(pattern, path)))
            && (Containers.Count == 0 || Any(Containers, process, static (c, p) => ContainerMatches(c, p)));
    }

    private static bool Any<T>(IReadOnlyList<T> criteria, ProcessRecord process, Func<T, ProcessRecord, bool> test)
    {
        for (var i = 0; i < criteria.Count; i++)
        {
            if (test(criteria[i], process))
            {
                return true;
            }
        }

        return false;
    }

    private static bool NameMatches(string pattern, ProcessRecord process) =>
        (process.Comm.Length > 0 && Glob(pattern, process.Comm))
        || (process.Executable is { } exe && Glob(pattern, FileName(exe)))
        || (process.Arguments.Count > 0 && process.Arguments[0] is { Length: > 0 } first && (Glob(pattern, first) || Glob(pattern, FileName(first))));

    // A process whose user is not known is no one's: not root's, nor (uid_t)-1's.
    private static bool UserMatches(string user, ProcessRecord process) =>
        process.UidSource != ProcessCredentialSource.Unknown && UserId(user) is { } uid && process.Uid == uid;

    private static uint? UserId(string user) =>
        uint.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out var uid) ? uid : UserDatabase.UserId(user);

    private static bool ContainerMatches(string container, ProcessRecord process) => container switch
    {
        "*" => process.Container is not null,
        "-" => process.Container is null,
        _ => process.Container is { } c && c.Id.StartsWith(container, StringComparison.Ordinal),
    };

    private static bool Glob(string pattern, string text) =>
        FileSystemName.MatchesSimpleExpression(pattern, text, ignoreCase: false);

    private static string FileName(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..];
    }
}
