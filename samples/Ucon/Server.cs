using System;
using System.Text;
using System.Threading;
using KernelConnector;

namespace Ucon;

/// <summary>Answers every <see cref="UconRequest"/> multicast to its group.</summary>
internal sealed partial class Server(IConnectorEndpoint endpoint, int stopAfter, CancellationTokenSource stop)
{
    private uint _served;

    [ConnectorCallback]
    private void OnRequest(in ReceivedConnectorMessage<UconRequest> request)
    {
        Span<byte> text = stackalloc byte[UconLimits.MaxText];
        var length = Transform(request.Value.Operation, request.Trailing, text, out var error);
        var reply = new UconReply { Number = request.Value.Number, Served = _served, ServerPid = Environment.ProcessId, Error = error };
        endpoint.Reply(reply, ConnectorAddress.Port(request.SenderPortId), request.Seq, request.Ack, text[..length]);
        _served++;
        Console.WriteLine($"served #{request.Value.Number} from port {request.SenderPortId}: {request.Value.Operation} \"{Encoding.UTF8.GetString(request.Trailing)}\"");
        if (stopAfter > 0 && _served >= stopAfter)
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
