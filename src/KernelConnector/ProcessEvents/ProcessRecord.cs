using System;
using System.Collections.Generic;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// One process (thread group) as a <see cref="ProcessTable"/> knows it. Its threads belong to it: a
/// thread's creation or exit never changes the process's identity, name, parent or start.
/// </summary>
/// <remarks>
/// The table updates a record as events arrive, on the receive loop; each property is read
/// atomically, but two properties read one after the other may straddle an event.
/// </remarks>
public sealed class ProcessRecord
{
    private static readonly string[] NoArguments = [];

    internal ProcessRecord(ProcessKey key, ulong startTimestampNs, ProcessOrigin origin, long generation)
    {
        Key = key;
        StartTimestampNs = startTimestampNs;
        Origin = origin;
        Generation = generation;
    }

    /// <summary>The identity: pid and start time, unique across pid reuse.</summary>
    public ProcessKey Key { get; }

    /// <summary>The process id in the initial pid namespace (the one process events use).</summary>
    public int Pid => Key.Pid;

    /// <summary>
    /// When the process started, in <c>CLOCK_MONOTONIC</c> nanoseconds like event stamps: its fork
    /// event's stamp, or, for a process read from <c>/proc</c>, its start time (to the clock tick);
    /// 0 when unknown (an exit of a process that was never seen alive).
    /// </summary>
    public ulong StartTimestampNs { get; }

    /// <summary>How the process came into the table.</summary>
    public ProcessOrigin Origin { get; }

    /// <summary>
    /// The parent: the process whose thread forked this one (with <c>CLONE_PARENT</c>, that
    /// process's parent), updated when the exit event reports a new parent after reparenting.
    /// Null when the parent was not known (pid 1, kernel threads' pid 0, or a parent gone unseen).
    /// </summary>
    public ProcessRecord? Parent { get; internal set; }

    /// <summary>The parent's pid, known even when the parent record is not.</summary>
    public int ParentPid { get; internal set; }

    private string _comm = "";
    private IReadOnlyList<string> _arguments = NoArguments;
    private ProcessNameSource _nameSource;
    private bool _argumentsTruncated;
    private string? _displayName;

    /// <summary>
    /// The command name (<c>comm</c>, at most 15 bytes); empty when unknown, and after an exec that
    /// was named by its command line unless <see cref="ProcessDetails.CommandName"/> is asked for.
    /// </summary>
    public string Comm
    {
        get => _comm;
        internal set => (_comm, _displayName) = (value, null);
    }

    /// <summary>The command name before the last comm change, for "old → new" reports; null when it is not known.</summary>
    public string? PreviousComm { get; internal set; }

    /// <summary>The executable's path, or null when it could not be read (gone, kernel thread, not asked for).</summary>
    public string? Executable { get; internal set; }

    /// <summary>The argument vector; empty when unknown or when the process has none (kernel threads).</summary>
    public IReadOnlyList<string> Arguments
    {
        get => _arguments;
        internal set => (_arguments, _displayName) = (value, null);
    }

    /// <summary>
    /// Whether <see cref="Arguments"/> is cut: the command line was longer than the table keeps
    /// (4 KiB), and the last argument read may be a piece of one. <see cref="DisplayName"/> then
    /// ends with <c>...</c>.
    /// </summary>
    public bool ArgumentsTruncated
    {
        get => _argumentsTruncated;
        internal set => (_argumentsTruncated, _displayName) = (value, null);
    }

    /// <summary>Where <see cref="Arguments"/> and <see cref="Comm"/> came from.</summary>
    public ProcessNameSource NameSource
    {
        get => _nameSource;
        internal set => (_nameSource, _displayName) = (value, null);
    }

    /// <summary>
    /// What a person reads: the arguments joined by spaces; <c>[comm]</c> when only the command
    /// name is known; <c>&lt;unknown&gt;</c> when nothing is. Never another process's program.
    /// </summary>
    public string DisplayName => _displayName ??= NameSource switch
    {
        // Computed once per change: monitors print it on every event of the process.
        ProcessNameSource.CommandLine or ProcessNameSource.Inherited when Arguments.Count > 0 => string.Join(' ', Arguments) + (ArgumentsTruncated ? TruncatedMarker : ""),
        ProcessNameSource.Unknown => UnknownName,
        _ => Comm.Length > 0 ? "[" + Comm + "]" : UnknownName,
    };

    /// <summary>What <see cref="DisplayName"/> ends with when <see cref="ArgumentsTruncated"/>.</summary>
    public const string TruncatedMarker = "...";

    /// <summary>The marker <see cref="DisplayName"/> shows when nothing of the name could be read.</summary>
    public const string UnknownName = "<unknown>";

    /// <summary>
    /// The real user id: the one the process had at its latest event (see <see cref="UidSource"/>);
    /// <see cref="UnknownId"/> when not known.
    /// </summary>
    public uint Uid { get; private set; } = UnknownId;

    /// <summary>The effective user id, from the same source as <see cref="Uid"/>; <see cref="UnknownId"/> when not known.</summary>
    public uint EffectiveUid { get; private set; } = UnknownId;

    /// <summary>Where <see cref="Uid"/> and <see cref="EffectiveUid"/> came from.</summary>
    public ProcessCredentialSource UidSource { get; private set; }

    /// <summary>The real group id, as <see cref="Uid"/> is the user's; <see cref="UnknownId"/> when not known.</summary>
    public uint Gid { get; private set; } = UnknownId;

    /// <summary>The effective group id; <see cref="UnknownId"/> when not known.</summary>
    public uint EffectiveGid { get; private set; } = UnknownId;

    /// <summary>Where <see cref="Gid"/> and <see cref="EffectiveGid"/> came from.</summary>
    public ProcessCredentialSource GidSource { get; private set; }

    /// <summary>
    /// What an id reads when its source is <see cref="ProcessCredentialSource.Unknown"/>:
    /// <c>(uid_t)-1</c>, which the kernel never gives a process, rather than 0, which is root.
    /// </summary>
    public const uint UnknownId = uint.MaxValue;

    /// <summary>The real user's name from the system's user database; null when it has none or the user is not known.</summary>
    public string? UserName { get; private set; }

    /// <summary>The real group's name; null when it has none or the group is not known.</summary>
    public string? GroupName { get; private set; }

    internal void SetUser(uint real, uint effective, string? name, ProcessCredentialSource source) =>
        (Uid, EffectiveUid, UserName, UidSource) = source == ProcessCredentialSource.Unknown ? (UnknownId, UnknownId, null, source) : (real, effective, name, source);

    internal void SetGroup(uint real, uint effective, string? name, ProcessCredentialSource source) =>
        (Gid, EffectiveGid, GroupName, GidSource) = source == ProcessCredentialSource.Unknown ? (UnknownId, UnknownId, null, source) : (real, effective, name, source);

    /// <summary>The session id (the pid of the session leader); 0 when unknown.</summary>
    public int SessionId { get; internal set; }

    /// <summary>The cgroup path (the cgroup v2 one when there is one); null when not read.</summary>
    public string? CgroupPath { get; internal set; }

    /// <summary>The container the process runs in, recognised from its cgroup; null for none.</summary>
    public ProcessContainer? Container { get; internal set; }

    /// <summary>
    /// The inode of the process's pid namespace (<c>/proc/&lt;pid&gt;/ns/pid</c>); 0 when unknown:
    /// read when the process is seeded, discovered or executes, not at its fork.
    /// </summary>
    public ulong PidNamespace { get; internal set; }

    /// <summary>The pid inside the process's own (innermost) pid namespace, the last <c>NSpid</c> value; 0 when unknown.</summary>
    public int NamespacePid { get; internal set; }

    /// <summary>The pid of the process tracing this one (ptrace); 0 when not traced.</summary>
    public int TracerPid { get; internal set; }

    /// <summary>The process's threads the table has seen alive (1 for a single-threaded process).</summary>
    public int Threads { get; internal set; } = 1;

    // Its leader thread exited while other threads ran: the process lives on, Threads counts the
    // remaining ones, and the last one's exit is the process's.
    internal bool LeaderExited;

    // The wait status to end it with once its last thread exits: the first nonzero one the
    // remaining threads report (a thread's own exit is always 0; a nonzero one is the whole
    // group's, as its parent's wait() sees it).
    internal uint GroupWaitStatus;

    /// <summary>How many times the process executed a program while watched.</summary>
    public int Execs { get; internal set; }

    /// <summary>How it ended; null while it is alive.</summary>
    public ProcessExit? Exit { get; internal set; }

    /// <summary>Whether the process has exited (or vanished unseen).</summary>
    public bool HasExited => Exit is not null;

    /// <summary>
    /// How the process ended, when <paramref name="ev"/> is the exit event that ended it; null for
    /// any other event. Not every exit event whose pid is the process's ends it: a leader that
    /// calls <c>pthread_exit</c> while other threads run exits first, and the last thread's exit,
    /// with the status the group exited with, is the one that ends the process.
    /// </summary>
    public ProcessExit? ExitBy(in ProcEvent ev) =>
        ev.What == ProcEventKind.Exit && Exit is { } exit && exit.TimestampNs == ev.TimestampNs ? exit : null;

    /// <summary>How long it ran, from its start to its exit; null while alive or when the exit is unknown.</summary>
    public TimeSpan? Duration => Exit is { IsKnown: true } exit && StartTimestampNs > 0 && exit.TimestampNs >= StartTimestampNs
        ? TimeSpan.FromTicks((long)(exit.TimestampNs - StartTimestampNs) / 100)
        : null;

    /// <summary>The table's event count when the record was created: resynchronisation leaves newer records alone.</summary>
    internal long Generation { get; }

    /// <summary>Whether <paramref name="ancestor"/> is this process or one of its ancestors.</summary>
    public bool IsDescendantOf(ProcessKey ancestor)
    {
        // Bounded: a parent chain cannot be longer than the processes that ever existed, but a
        // chain through reused records is cut at a generous depth all the same.
        var current = this;
        for (var depth = 0; current is not null && depth < 4096; depth++)
        {
            if (current.Key == ancestor)
            {
                return true;
            }

            current = current.Parent;
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Key} {DisplayName}";

    internal void CopyProgramFrom(ProcessRecord parent)
    {
        _comm = parent._comm;
        Executable = parent.Executable;
        _arguments = parent._arguments;
        _argumentsTruncated = parent._argumentsTruncated;
        _nameSource = parent._nameSource == ProcessNameSource.Unknown ? ProcessNameSource.Unknown : ProcessNameSource.Inherited;

        // The same program: the same text (a shell forking thousands of children joins it once).
        _displayName = parent._displayName;

        // A fork copies the credentials: the child's ids are its parent's at the fork, which the
        // parent's record holds (the parent's id events came before its fork event).
        SetUser(parent.Uid, parent.EffectiveUid, parent.UserName, Inherit(parent.UidSource));
        SetGroup(parent.Gid, parent.EffectiveGid, parent.GroupName, Inherit(parent.GidSource));
        SessionId = parent.SessionId;
        CgroupPath = parent.CgroupPath;
        Container = parent.Container;

        // The pid namespace and the pid inside it are not inherited (a child of CLONE_NEWPID is
        // in a new namespace, and its pid there is its own): unknown until read at its exec.
    }

    private static ProcessCredentialSource Inherit(ProcessCredentialSource parent) =>
        parent == ProcessCredentialSource.Unknown ? ProcessCredentialSource.Unknown : ProcessCredentialSource.Inherited;
}
