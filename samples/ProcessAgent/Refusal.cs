using System;
using System.Net;
using System.Net.Sockets;
using KernelConnector;
using KernelConnector.ProcessEvents;
using Microsoft.Extensions.Options;

namespace ProcessAgent;

/// <summary>What the agent says, in one line, and which exit code it returns when it cannot start.</summary>
internal static class Refusal
{
    public static (int ExitCode, string Message) For(Exception exception, AgentOptions options) => exception switch
    {
        OptionsValidationException e => (ExitCodes.Configuration, "bad configuration: " + string.Join("; ", e.Failures)),
        ConnectorUnavailableException { Reason: ConnectorUnavailableReason.PermissionDenied } e =>
            (ExitCodes.PermissionDenied, e.Message + " (process events need CAP_NET_ADMIN before Linux 6.6: see processagent.service)"),
        ConnectorUnavailableException e => (ExitCodes.Unavailable, e.Message),
        ProcessEventsException { ErrorCode: 1 } e =>
            (ExitCodes.PermissionDenied, e.Message + " (process events need CAP_NET_ADMIN before Linux 6.6: see processagent.service)"),
        ProcessEventsException e => (ExitCodes.Unavailable, e.Message),
        _ when Find<HttpListenerException>(exception) is { } e => Listening(e.ErrorCode, e.Message, options),
        _ when Find<SocketException>(exception) is { } e => Listening((int)e.SocketErrorCode, e.Message, options),
        _ => (ExitCodes.Failure, $"unexpected failure: {exception.GetType().Name}: {exception.Message}"),
    };

    private static (int, string) Listening(int error, string message, AgentOptions options)
    {
        var where = $"{options.Listen} port {options.Port}";
        return error switch
        {
            (int)SocketError.AccessDenied or 13 /* EACCES */ =>
                (ExitCodes.PermissionDenied, $"the metrics endpoint may not listen on {where}: {message} (ports below 1024 need CAP_NET_BIND_SERVICE; choose another with --port)"),
            _ => (ExitCodes.EndpointUnavailable, $"the metrics endpoint cannot listen on {where}: {message} (choose another with --port or --listen)"),
        };
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
