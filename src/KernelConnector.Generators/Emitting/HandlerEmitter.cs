using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Model;

namespace KernelConnector.Generators.Emitting;

/// <summary>Writes a handler class's registration code and its delegate-free dispatch switch.</summary>
internal static class HandlerEmitter
{
    private const string Kc = "global::KernelConnector.";

    public static string Emit(HandlerModel model)
    {
        var gen = DeclarationWriter.GeneratedCode;
        var w = DeclarationWriter.Begin(model.Target, Kc + "IConnectorDispatcher");
        var className = model.Target.Name;
        var deliver = model.Callbacks
            .Select((c, i) => (Callback: c, Name: "__KcDeliver" + i.ToString(CultureInfo.InvariantCulture)))
            .ToDictionary(p => p.Callback, p => p.Name);

        w.Line("/// <summary>Adds every <c>[ConnectorCallback]</c> method of this class to <paramref name=\"router\"/>.</summary>");
        w.Line(gen);
        w.Open("public void Register(" + Kc + "ConnectorRouter router)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(router);");
        foreach (var callback in model.Callbacks)
        {
            w.Line("router.Add<" + callback.MessageType + ">(" + callback.MethodName + ", \"" + DeclarationWriter.Escape(className + "." + callback.MethodName) + "\");");
        }

        w.Close();
        w.Line();

        w.Line("/// <summary>Hands one message to its callback through a switch on its id: no lookup, no delegate.</summary>");
        w.Line(gen);
        w.Line("public " + Kc + "DispatchResult Dispatch(in " + Kc + "ReceivedConnectorMessage message) => __KcSwitch(in message, message.Id);");
        w.Line();

        // The switch takes the id from its caller: the public method above reads it with the
        // check for a default message, the datagram walk (through __KcDirect) without it, since a
        // walk never hands out a default message; that read also tells the JIT the message is not
        // default, so the payload read in the case taken drops its check too.
        w.Line(gen);
        w.Open("private " + Kc + "DispatchResult __KcSwitch(in " + Kc + "ReceivedConnectorMessage message, " + Kc + "CbId id)");
        EmitSwitch(w, model, "id", c => "return " + deliver[c] + "(message);");
        w.Line("return " + Kc + "DispatchResult.Unrouted;");
        w.Close();
        w.Line();

        // One small method per callback: its typed message is a local of that method only, so a
        // switch that inlines them sets up (and zeroes) only the message of the case taken. The
        // received message goes to it by value, not by `in`: a case that is not inlined would
        // otherwise take the address of the walk's message, and the JIT keeps a struct whose
        // address is taken in memory for the whole loop (zeroed per message, every field
        // reloaded) instead of in registers.
        foreach (var callback in model.Callbacks)
        {
            w.Line(gen);
            w.Open("private " + (callback.IsStatic ? "static " : "") + Kc + "DispatchResult " + deliver[callback] + "(" + Kc + "ReceivedConnectorMessage message)");
            w.Open("if (!" + Kc + "__Internals.ConnectorDispatch.TryCreate<" + callback.MessageType + ">(in message, out var typed))");
            w.Line("return " + Kc + "DispatchResult.Invalid;");
            w.Close();
            w.Line();
            w.Line(callback.MethodName + "(in typed);");
            w.Line("return " + Kc + "DispatchResult.Dispatched;");
            w.Close();
            w.Line();
        }

        w.Line("/// <summary>Dispatches every connector message of a received datagram and returns what became of them; malformed parts are counted, never thrown.</summary>");
        w.Line(gen);
        w.Open("public " + Kc + "ConnectorStatistics Dispatch(global::System.ReadOnlySpan<byte> datagram, uint senderPortId = 0)");
        w.Line("// Through a struct, so that the shared datagram walk is compiled for this class and calls its switch directly.");
        w.Line("return " + Kc + "__Internals.ConnectorDispatch.DispatchDatagram(new __KcDirect(this), datagram, senderPortId);");
        w.Close();
        w.Line();
        w.Line(gen);
        w.Open("private readonly struct __KcDirect : " + Kc + "IConnectorDispatcher");
        w.Line("private readonly " + className + " _handlers;");
        w.Line();
        w.Line("public __KcDirect(" + className + " handlers) => _handlers = handlers;");
        w.Line();
        w.Line("public " + Kc + "DispatchResult Dispatch(in " + Kc + "ReceivedConnectorMessage message) => _handlers.__KcSwitch(in message, " + Kc + "__Internals.ConnectorDispatch.ReadIdUnchecked(in message));");
        w.Close();
        return DeclarationWriter.End(w, model.Target);
    }

    private static void EmitSwitch(SourceWriter w, HandlerModel model, string id, System.Func<CallbackModel, string> body)
    {
        if (model.Callbacks.Count == 0)
        {
            return;
        }

        w.Open("switch (" + id + ".Idx)");
        foreach (var group in model.Callbacks.GroupBy(c => c.Idx))
        {
            w.Line("case " + Lit(group.Key) + ":");
            w.Indent();
            w.Open("switch (" + id + ".Val)");
            foreach (var callback in group)
            {
                w.Line("case " + Lit(callback.Val) + ":");
                w.Open("{");
                w.Line(body(callback));
                w.Close();
            }

            w.Close();
            w.Line("break;");
            w.Unindent();
        }

        w.Close();
    }

    private static string Lit(uint value) => value.ToString(CultureInfo.InvariantCulture) + "u";
}
