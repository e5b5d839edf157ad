using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace KernelConnector.DeviceMapper;

/// <summary>
/// The kernel's mark and clear queues and its <c>userspace_flush</c>, list order and quirks
/// included: regions are queued at the head of their list (so they go newest first), sent in
/// groups of <see cref="DmUlog.MaxFlushGroup"/>, and when a group is refused every region taken
/// so far is put back and the whole list is sent again one region at a time.
/// </summary>
internal sealed class DmLogFlush(EmulatedDirtyLog log)
{
    private readonly object _gate = new();
    private LinkedList<ulong> _marks = new();
    private LinkedList<ulong> _clears = new();

    public bool Scheduled { get; private set; }

    public void Mark(ulong region)
    {
        lock (_gate)
        {
            _marks.AddFirst(region);
        }
    }

    public void Clear(ulong region)
    {
        lock (_gate)
        {
            _clears.AddFirst(region);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        LinkedList<ulong> marks, clears;
        lock (_gate)
        {
            (marks, clears) = (_marks, _clears);
            (_marks, _clears) = (new LinkedList<ulong>(), new LinkedList<ulong>());
        }

        if (marks.Count == 0 && clears.Count == 0)
        {
            return;
        }

        var marksWereEmpty = marks.Count == 0;
        await ByGroupAsync(clears, DmUlogRequestType.ClearRegion, oneByOneOnFailure: true, cancellationToken).ConfigureAwait(false);
        if (!log.IntegratedFlush)
        {
            await ByGroupAsync(marks, DmUlogRequestType.MarkRegion, oneByOneOnFailure: true, cancellationToken).ConfigureAwait(false);
            await log.RequestAsync(DmUlogRequestType.Flush, default, cancellationToken).ConfigureAwait(false);
            return;
        }

        await ByGroupAsync(marks, DmUlogRequestType.Flush, oneByOneOnFailure: false, cancellationToken).ConfigureAwait(false);

        // Only clears: they need no flush now, so the kernel schedules one. A flush with marks
        // makes a scheduled one unnecessary, and so (as the kernel's test is written) does a
        // second clears-only flush while one is scheduled: it cancels it.
        Scheduled = marksWereEmpty && !Scheduled;
    }

    public async Task RunScheduledAsync(CancellationToken cancellationToken)
    {
        Scheduled = false;
        await log.RequestAsync(DmUlogRequestType.Flush, default, cancellationToken).ConfigureAwait(false);
    }

    // flush_by_group: take up to 32 regions from the head, moving each to the head of a list of
    // the taken ones; on a refused group, splice the taken ones back in front and go one by one.
    private async Task ByGroupAsync(LinkedList<ulong> list, DmUlogRequestType type, bool oneByOneOnFailure, CancellationToken cancellationToken)
    {
        var taken = new LinkedList<ulong>();
        while (list.Count > 0)
        {
            var group = new List<ulong>();
            while (list.First is { } first && group.Count < DmUlog.MaxFlushGroup)
            {
                group.Add(first.Value);
                list.RemoveFirst();
                taken.AddFirst(first.Value);
            }

            try
            {
                await log.RequestAsync(type, EmulatedDirtyLog.Bytes([.. group]), cancellationToken).ConfigureAwait(false);
            }
            catch (DmLogException) when (oneByOneOnFailure)
            {
                foreach (var region in taken.Reverse())
                {
                    list.AddFirst(region);
                }

                foreach (var region in list)
                {
                    await log.RequestAsync(type, EmulatedDirtyLog.Bytes(region), cancellationToken).ConfigureAwait(false);
                }

                return;
            }
        }
    }
}
