using System;
using System.Collections.Generic;

namespace KernelConnector.W1;

/// <summary>What the kernel answered to one command: its status and the data it sent back (read or touched bytes, or 8-byte slave ids).</summary>
public sealed record W1CommandResult(W1Command Command, int Status, byte[] Data)
{
    /// <summary>The data as slave ids, for a search or a slave list (8 bytes each; a partial id at the end is left out).</summary>
    public IReadOnlyList<W1SlaveId> SlaveIds
    {
        get
        {
            var ids = new W1SlaveId[Data.Length / 8];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = W1SlaveId.Read(Data.AsSpan(i * 8, 8));
            }

            return ids;
        }
    }
}
