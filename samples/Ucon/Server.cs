using System;
using System.IO;
using System.Text;
using System.Threading;
using KernelConnector;

namespace Ucon;

/// <summary>
/// Answers every <see cref="UconRequest"/> multicast to its group. Its counters are its own: a
/// request's number is the requester's, and two requesters both send a #1.
/// </summary>
internal sealed partial class Server(IConnectorEndpoint endpoint, int stopAfter, CancellationTokenSource stop, TextWriter output, TextWriter error)
{
    private readonly ReplyFailures _failures = new(error);
    private int _handled;

    /// <summary>Replies sent.</summary>
    public uint Served { get; private set; }

    /// <summary>Replies that could not be sent (each kind said once on stderr).</summary>
    public int NotSent => _failures.Count;

    [ConnectorCallback]
    private void OnRequest(in ReceivedConnectorMessage<UconRequest> request)
    {
        Span<byte> text = stackalloc byte[UconLimits.MaxText];
        var length = Transform(request.Value.Operation, request.Trailing, text, out var errno);
        var reply = new UconReply { Number = request.Value.Number, Served = Served, ServerPid = Environment.ProcessId, Error = errno };
        _handled++;
        try
        {
            endpoint.Reply(reply, ConnectorAddress.Port(request.SenderPortId), request.Seq, request.Ack, text[..length]);
            Served++;
            output.WriteLine($"served #{Served}: request #{request.Value.Number} from port {request.SenderPortId}: {request.Value.Operation} \"{Encoding.UTF8.GetString(request.Trailing)}\"");
        }
        catch (Exception e) when (ReplyFailures.IsSendFailure(e))
        {
            // The receive loop would count the exception and go on without a word.
            _failures.Add(request.Value.Number, request.SenderPortId, e);
        }

        // --count counts requests taken, answered or not, so that a server told to stop does.
        if (stopAfter > 0 && _handled >= stopAfter)
        {
            stop.Cancel();
        }
    }

    private static int Transform(UconOperation operation, ReadOnlySpan<byte> input, Span<byte> output, out int error)
    {
        error = 0;
        input.CopyTo(output);
        var text = output[..input.Length];
        switch (operation)
        {
            case UconOperation.Echo:
                break;
            case UconOperation.Upper:
                for (var i = 0; i < text.Length; i++)
                {
                    if (text[i] is >= (byte)'a' and <= (byte)'z')
                    {
                        text[i] -= 32;
                    }
                }

                break;
            case UconOperation.Reverse:
                // Reversing bytes would split UTF-8 sequences; reverse whole text elements instead.
                var elements = new System.Collections.Generic.List<string>();
                var enumerator = System.Globalization.StringInfo.GetTextElementEnumerator(Encoding.UTF8.GetString(input));
                while (enumerator.MoveNext())
                {
                    elements.Add(enumerator.GetTextElement());
                }

                elements.Reverse();
                return Encoding.UTF8.GetBytes(string.Concat(elements), output);
            default:
                error = 22; // EINVAL, as the kernel would say
                return 0;
        }

        return text.Length;
    }
}
