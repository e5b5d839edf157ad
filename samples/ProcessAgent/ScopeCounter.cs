using System.Collections.Frozen;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using KernelConnector.Hosting;
using KernelConnector.ProcessEvents;

namespace ProcessAgent;

/// <summary>
/// Counts the events of each configured scope on its own (<c>processagent.scope.events</c>, by scope
/// and kind): how a fleet sees "execs in the web service" apart from the machine's noise. A
/// process's scope is decided from the table's record, which a fork inherits from its parent, so a
/// short-lived child whose <c>/proc</c> entry is gone before it is read still counts where its
/// parent does.
/// </summary>
/// <remarks>
/// Observable, like the hosting package's counters: every scope and kind is exported from the first
/// scrape, at 0 until its first event, so that <c>rate()</c> over a quiet scope is 0, not empty.
/// </remarks>
internal sealed class ScopeCounter : IProcessEventObserver
{
    public const string MeterName = "ProcessAgent";
    public const string ScopeAttribute = "processagent.scope";

    private static readonly FrozenDictionary<string, int> KindIndex =
        ProcessEventNames.Kinds.Select((name, index) => KeyValuePair.Create(name, index)).ToFrozenDictionary();

    private readonly ProcessFilter[] _filters;
    private readonly string[] _names;
    private readonly long[,] _counts;

    public ScopeCounter(AgentOptions options, IMeterFactory meterFactory)
    {
        _names = [.. options.Scopes.Keys];
        _filters = [.. options.Scopes.Values.Select(s => s.ToFilter())];
        _counts = new long[_names.Length, ProcessEventNames.Kinds.Count];
        meterFactory.Create(MeterName).CreateObservableCounter("processagent.scope.events", Measure, "{event}", "Process events of the processes of a configured scope, by kind.");
    }

    public void OnEvent(in ProcEvent ev, ProcessRecord? process)
    {
        if (process is null)
        {
            return;
        }

        var kind = KindIndex[ProcessEventNames.Kind(ev.What)];
        for (var scope = 0; scope < _filters.Length; scope++)
        {
            if (_filters[scope].Matches(process))
            {
                Interlocked.Increment(ref _counts[scope, kind]);
            }
        }
    }

    private IEnumerable<Measurement<long>> Measure()
    {
        for (var scope = 0; scope < _names.Length; scope++)
        {
            for (var kind = 0; kind < ProcessEventNames.Kinds.Count; kind++)
            {
                yield return new Measurement<long>(Interlocked.Read(ref _counts[scope, kind]),
                    new KeyValuePair<string, object?>(ScopeAttribute, _names[scope]),
                    new KeyValuePair<string, object?>(ProcessEventNames.KindAttribute, ProcessEventNames.Kinds[kind]));
            }
        }
    }
}
