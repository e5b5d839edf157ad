namespace KernelConnector.ProcessEvents;

/// <summary>
/// Where a process's user ids (<see cref="ProcessRecord.Uid"/>, <see cref="ProcessRecord.EffectiveUid"/>)
/// or group ids (<see cref="ProcessRecord.Gid"/>, <see cref="ProcessRecord.EffectiveGid"/>) came from.
/// </summary>
/// <remarks>
/// The kernel reports every change of a process's ids as an event, sent by the process itself
/// before anything it does next: <c>setuid</c>, <c>setresgid</c> and the like, and an exec of a
/// set-user-id or set-group-id program, whose event comes before the exec's. An exec never changes
/// the real ids. So the ids a table carries from a process's fork through its id events are the
/// ones it had at each of its events; <c>/proc</c> says only what they are when it is read, which
/// is later, and is the fallback.
/// </remarks>
public enum ProcessCredentialSource
{
    /// <summary>
    /// Not known: the process was first seen by an event that carries no ids and <c>/proc</c> could
    /// not be read (or was not asked: <see cref="ProcessDetails.Credentials"/>), or what it showed
    /// had already been changed by a later id event of the process. The ids then read
    /// <see cref="ProcessRecord.UnknownId"/> and the name null: never a guess, never root.
    /// </summary>
    Unknown,

    /// <summary>
    /// Read from <c>/proc/&lt;pid&gt;/status</c>: a process that ran before the table (seeded),
    /// one the table first met at a later event of its own (discovered), one whose parent the table
    /// did not know, or any process after events were lost. They are the ids of the moment of the
    /// read, kept by the process's id events since.
    /// </summary>
    ProcStatus,

    /// <summary>
    /// The parent's, at the fork: a child starts with its parent's credentials, and has not changed
    /// them since (an exec that keeps the ids sends no id event and changes nothing here).
    /// </summary>
    Inherited,

    /// <summary>From the kernel's uid or gid event: the last change the process made, or the exec of a set-id program.</summary>
    Event,
}
