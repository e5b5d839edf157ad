using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using KernelConnector.ProcessEvents;

namespace KernelConnector.Hosting;

/// <summary>
/// A process event as a structured log record: the attributes carry OpenTelemetry's process and
/// container semantic-convention names, so an OpenTelemetry logging provider exports them as they
/// are (and any other provider sees the same key/value pairs).
/// </summary>
internal sealed class ProcessEventRecord : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> _attributes = new(12);

    public ProcessEventRecord(in ProcEvent ev, ProcessRecord? process, string name)
    {
        Name = name;
        Add("event.name", "process." + name);
        Add("process.pid", ev.ThreadGroupId);
        if (ev.ProcessId != ev.ThreadGroupId)
        {
            Add("thread.id", ev.ProcessId);
        }

        if (process is not null)
        {
            Add("process.parent_pid", process.ParentPid);
            if (process.Comm.Length > 0)
            {
                // Empty when unknown, or when ProcessDetails.CommandName was not asked for.
                Add("process.executable.name", process.Comm);
            }

            if (process.Executable is { } path)
            {
                Add("process.executable.path", path);
            }

            if (process.Arguments.Count > 0)
            {
                // An array, whatever list the table keeps: OpenTelemetry's exporters send an array
                // as an array attribute (the semantic conventions' string[]), another list as its
                // ToString().
                Add("process.command_args", process.Arguments as string[] ?? [.. process.Arguments]);
            }

            if (process.UidSource != ProcessCredentialSource.Unknown)
            {
                // Not "4294967295" for a user the table does not know (no Credentials, or lost).
                Add("process.owner", process.UserName ?? process.Uid.ToString(CultureInfo.InvariantCulture));
            }

            if (process.Container is { } container)
            {
                Add("container.id", container.Id);
                Add("container.runtime", container.Runtime.ToString().ToLowerInvariant());
            }

            if (process.CgroupPath is { } cgroup)
            {
                Add("process.linux.cgroup", cgroup);
            }

            DisplayName = LogText.Printable(process.DisplayName);
        }

        if (name == "exit")
        {
            // The process's status, as the table ended it (the group's, when its leader went first).
            var exit = process?.ExitBy(ev) ?? new ProcessExit { WaitStatus = ev.Exit.WaitStatus };
            // A process killed by a signal has no exit code: the wait status holds the signal
            // instead, and a code of 0 beside it would read as a clean exit.
            if (exit.TerminationSignal != 0)
            {
                Add("process.exit.signal", exit.TerminationSignal);
            }
            else
            {
                Add("process.exit.code", exit.ExitStatus);
            }

            if (process?.Duration is { } duration)
            {
                Add("process.duration", duration.TotalSeconds);
            }
        }

        Add("{OriginalFormat}", "{event.name} {process.pid}");
    }

    public string Name { get; }

    /// <summary>The process's display name for the message, its control characters escaped (<see cref="LogText"/>).</summary>
    public string DisplayName { get; } = ProcessRecord.UnknownName;

    public int Count => _attributes.Count;

    public KeyValuePair<string, object?> this[int index] => _attributes[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _attributes.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} {this[1].Value} {DisplayName}");

    private void Add(string key, object? value) => _attributes.Add(new KeyValuePair<string, object?>(key, value));
}
