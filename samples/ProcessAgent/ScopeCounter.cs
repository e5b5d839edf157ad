using System.Collections.Generic;
using System.Diagnostics.Metrics;
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
internal sealed class ScopeCounter : IProcessEventObserver
{
    public const string MeterName = "ProcessAgent";
    public const string ScopeAttribute = "processagent.scope";

    private readonly (ProcessFilter Filter, KeyValuePair<string, object?> Tag)[] _scopes;
    private readonly Counter<long> _events;

    public ScopeCounter(AgentOptions options, IMeterFactory meterFactory)
    {
        _scopes = [.. Scopes(options)];
        _events = meterFactory.Create(MeterName).CreateCounter<long>("processagent.scope.events", "{event}", "Process events of the processes of a configured scope, by kind.");
    }

    public void OnEvent(in ProcEvent ev, ProcessRecord? process)
    {
        if (process is null)
        {
            return;
        }

        foreach (var (filter, tag) in _scopes)
        {
            if (filter.Matches(process))
            {
                _events.Add(1, tag, new KeyValuePair<string, object?>(ProcessEventNames.KindAttribute, ProcessEventNames.Kind(ev.What)));
            }
        }
    }

    private static IEnumerable<(ProcessFilter, KeyValuePair<string, object?>)> Scopes(AgentOptions options)
    {
        foreach (var (name, scope) in options.Scopes)
        {
            yield return (scope.ToFilter(), new KeyValuePair<string, object?>(ScopeAttribute, name));
        }
    }
}
