using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace KernelConnector.W1;

/// <summary>
/// <c>W1_LIST_MASTERS</c>, followed in the same request by an empty master message: the kernel
/// answers the list (one or more data replies of at most 1016 ids) and then refuses the empty
/// message with <c>EPROTO</c>, both at once and in order, so that refusal marks the end of the
/// list whatever its length.
/// </summary>
internal sealed class W1MasterListExchange(uint seq) : W1Exchange(seq)
{
    private readonly List<uint> _ids = [];

    public IReadOnlyList<uint> Ids => _ids;

    protected override void OnData(W1NetlinkMessage header, ReadOnlySpan<byte> body)
    {
        if (header.Type != W1MessageType.ListMasters)
        {
            return;
        }

        for (var i = 0; i + 4 <= body.Length; i += 4)
        {
            // Master ids come in host order.
            _ids.Add(MemoryMarshal.Read<uint>(body[i..]));
        }
    }

    protected override void OnStatus(W1NetlinkMessage header, ReadOnlySpan<byte> body)
    {
        if (header.Type == W1MessageType.MasterCommand && header.Length == 0)
        {
            Complete(new W1Response(0, []));
        }
    }
}
