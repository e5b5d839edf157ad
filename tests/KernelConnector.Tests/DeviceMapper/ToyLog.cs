using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using KernelConnector.DeviceMapper;

namespace KernelConnector.Tests.DeviceMapper;

/// <summary>
/// A small mirror log for the tests: region size from the table, a dirty set, an in-sync set,
/// and a record of every request it was asked (type, seq, data in hex, uuid, luid, version).
/// <see cref="Override"/> lets a test answer one request type its own way.
/// </summary>
internal sealed class ToyLog
{
    private readonly HashSet<ulong> _dirty = [];
    private readonly HashSet<ulong> _inSync = [];
    private readonly object _gate = new();
    private ulong _regionSize;

    public ConcurrentQueue<Seen> Requests { get; } = new();

    public Func<DmLogRequest, DmLogResult?>? Override { get; set; }

    public IReadOnlyList<ulong> Dirty
    {
        get
        {
            lock (_gate)
            {
                return [.. _dirty.Order()];
            }
        }
    }

    public DmLogResult Handle(in DmLogRequest request)
    {
        Requests.Enqueue(new Seen(request.Type, request.Seq, Convert.ToHexString(request.Data), request.Uuid, request.Luid, request.Header.Version));
        if (Override?.Invoke(request) is { } answer)
        {
            return answer;
        }

        lock (_gate)
        {
            switch (request.Type)
            {
                case DmUlogRequestType.Ctr:
                    // "<sectors> clustered-disk <argc> <device> <region size> [no]sync"
                    var words = request.Arguments.Split(' ');
                    _regionSize = ulong.Parse(words[4], System.Globalization.CultureInfo.InvariantCulture);
                    return DmLogResult.Device(words[3]);
                case DmUlogRequestType.GetRegionSize:
                    return DmLogResult.RegionSize(_regionSize);
                case DmUlogRequestType.IsClean:
                    return DmLogResult.Boolean(!_dirty.Contains(request.Region));
                case DmUlogRequestType.InSync:
                    return DmLogResult.Boolean(_inSync.Contains(request.Region));
                case DmUlogRequestType.MarkRegion or DmUlogRequestType.Flush:
                    _dirty.UnionWith(request.Regions);
                    return DmLogResult.Success;
                case DmUlogRequestType.ClearRegion:
                    _dirty.ExceptWith(request.Regions);
                    return DmLogResult.Success;
                case DmUlogRequestType.GetResyncWork:
                    return DmLogResult.ResyncWork(Enumerable.Range(0, 10).Select(r => (ulong)r).Where(r => !_inSync.Contains(r)).Select(r => (ulong?)r).FirstOrDefault());
                case DmUlogRequestType.SetRegionSync:
                    var (region, inSync) = request.RegionSync;
                    _ = inSync ? _inSync.Add(region) : _inSync.Remove(region);
                    return DmLogResult.Success;
                case DmUlogRequestType.GetSyncCount:
                    return DmLogResult.SyncCount((ulong)_inSync.Count);
                case DmUlogRequestType.StatusInfo:
                    return DmLogResult.Status($"clustered-disk 2 253:2 {(_dirty.Count == 0 ? 'A' : 'D')}");
                case DmUlogRequestType.IsRemoteRecovering:
                    return DmLogResult.RemoteRecovering(false, (ulong)_inSync.Count);
                default:
                    return DmLogResult.Success;
            }
        }
    }

    public sealed record Seen(DmUlogRequestType Type, uint Seq, string Data, string Uuid, ulong Luid, uint Version);
}
