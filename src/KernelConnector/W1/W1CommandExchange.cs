using System;
using System.Collections.Generic;
using System.Linq;
using KernelConnector.Records;

namespace KernelConnector.W1;

/// <summary>
/// A master or slave message with its commands. The kernel runs the commands in order; for each it
/// may send data (read, touch, search, list) and then always a status, so data belongs to the
/// command whose status has not come yet. It ends with the last command's status, with a
/// message-level error (no such master or slave: a reply without a command), or when a slave did
/// not answer the reset (<c>ENODEV</c> for the first command, and nothing more).
/// </summary>
internal sealed class W1CommandExchange(uint seq, W1NetlinkMessage target, IReadOnlyList<W1CommandRequest> commands) : W1Exchange(seq)
{
    private readonly List<byte>[] _data = commands.Select(_ => new List<byte>()).ToArray();
    private readonly List<W1CommandResult> _results = [];

    protected override void OnData(W1NetlinkMessage header, ReadOnlySpan<byte> body)
    {
        if (header.Type != target.Type || _results.Count >= _data.Length)
        {
            return;
        }

        var replies = new RecordReader<W1NetlinkCommand>(body);
        while (replies.MoveNext())
        {
            _data[_results.Count].AddRange(replies.Current.Body);
        }
    }

    protected override void OnStatus(W1NetlinkMessage header, ReadOnlySpan<byte> body)
    {
        if (header.Type != target.Type)
        {
            return;
        }

        var replies = new RecordReader<W1NetlinkCommand>(body);
        if (!replies.MoveNext())
        {
            // A reply without a command answers the whole message.
            Complete(new W1Response(header.Status, _results));
            return;
        }

        var index = _results.Count;
        _results.Add(new W1CommandResult(commands[index].Command, header.Status, [.. _data[index]]));
        var selectFailed = target.Type == W1MessageType.SlaveCommand && header.Status == W1Status.NoDevice;
        if (_results.Count == commands.Count || selectFailed)
        {
            Complete(new W1Response(0, _results));
        }
    }
}
