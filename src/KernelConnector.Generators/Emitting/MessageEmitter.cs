using System.Globalization;
using System.Linq;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Model;

namespace KernelConnector.Generators.Emitting;

/// <summary>Writes the <c>IConnectorMessage&lt;T&gt;</c> implementation of one message struct.</summary>
internal static class MessageEmitter
{
    private const string Kc = "global::KernelConnector.";
    private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    private const string MemoryMarshal = "global::System.Runtime.InteropServices.MemoryMarshal";
    private const string ReadOnlySpan = "global::System.ReadOnlySpan<byte>";
    private const string Status = Kc + "ConnectorReadStatus";

    public static string Emit(MessageModel model)
    {
        var self = model.Target.Name;
        var iface = Kc + "IConnectorMessage<" + self + ">";
        var gen = DeclarationWriter.GeneratedCode;
        var display = DeclarationWriter.Escape(model.Target.DisplayName);
        // A struct without fields is one byte to the runtime but nothing on the wire.
        var size = model.Fieldless ? "0" : Unsafe + ".SizeOf<" + self + ">()";
        var maxTrailing = model.MaxTrailingBytes.ToString(CultureInfo.InvariantCulture);

        // "public static int Size", or "static int IConnectorMessage<T>.Size" when the struct
        // already has a member of that name (proc_event has a field called id, for one).
        string Member(string modifiers, string type, string name) =>
            model.ExplicitMembers.Contains(name)
                ? "static " + modifiers + type + " " + iface + "." + name
                : "public static " + modifiers + type + " " + name;

        var w = DeclarationWriter.Begin(model.Target, iface);
        w.Line("/// <summary>The callback id <c>{" + Num(model.Idx) + ", " + Num(model.Val) + "}</c>.</summary>");
        w.Line(gen);
        w.Line(Member("", Kc + "CbId", "Id") + " => new " + Kc + "CbId(" + Lit(model.Idx) + ", " + Lit(model.Val) + ");");
        w.Line();
        w.Line("/// <summary>The multicast group a listener joins for this message.</summary>");
        w.Line(gen);
        w.Line(Member("", "uint", "Group") + " => " + Lit(model.Group) + ";");
        w.Line();
        w.Line(model.Fieldless
            ? "/// <summary>The fixed part of the payload: none, as the struct has no fields (the runtime's one byte for an empty struct is not sent).</summary>"
            : "/// <summary>The fixed part of the payload: the struct's own size, as the runtime lays it out.</summary>");
        w.Line(gen);
        w.Line(Member("", "int", "Size") + " => " + size + ";");
        w.Line();
        w.Line("/// <summary>How many variable-length bytes may follow the fixed part.</summary>");
        w.Line(gen);
        w.Line(Member("", "int", "MaxTrailingBytes") + " => " + maxTrailing + ";");
        w.Line();

        EmitSequenceKey(w, model, self, gen, Member("", "int", "SequenceKeyOffset"));

        w.Line("/// <summary>Checks, without copying or throwing, that a payload holds a valid message.</summary>");
        w.Line(gen);
        w.Line(Member("", Status, "Validate") + "(" + ReadOnlySpan + " payload) => __KcValidate(payload);");
        w.Line();
        EmitValidate(w, model, self, gen, size, maxTrailing);

        w.Line("/// <summary>A reference to the message in place in <paramref name=\"payload\"/>: no copy.</summary>");
        w.Line(gen);
        w.Open(Member("ref readonly ", self, "View") + "(" + ReadOnlySpan + " payload)");
        w.Line("var status = __KcValidate(payload);");
        w.Open("if (status != " + Status + ".Ok)");
        w.Line("__KcThrowFormat(status, payload.Length);");
        w.Close();
        w.Line();
        if (model.Fieldless)
        {
            w.Line("// No bytes to point into: the type's one value stands for every message.");
            w.Line("return ref __KcNoFields;");
        }
        else
        {
            w.Line("// Connector payloads start 4-aligned in a datagram; the fields are read with ordinary");
            w.Line("// loads, which x64 and arm64 allow at any alignment.");
            w.Line("return ref " + Unsafe + ".As<byte, " + self + ">(ref " + MemoryMarshal + ".GetReference(payload));");
        }

        w.Close();
        w.Line();
        if (model.Fieldless)
        {
            w.Line(gen);
            w.Line("private static readonly " + self + " __KcNoFields = default;");
            w.Line();
        }

        w.Line("/// <summary>A validating copy of the message; never throws on bad bytes.</summary>");
        w.Line(gen);
        w.Open(Member("", "bool", "TryRead") + "(" + ReadOnlySpan + " payload, out " + self + " message)");
        w.Open("if (__KcValidate(payload) != " + Status + ".Ok)");
        w.Line("message = default;");
        w.Line("return false;");
        w.Close();
        w.Line();
        w.Line(model.Fieldless
            ? "message = default;"
            : "message = " + Unsafe + ".ReadUnaligned<" + self + ">(ref " + MemoryMarshal + ".GetReference(payload));");
        w.Line("return true;");
        w.Close();
        w.Line();

        w.Line("/// <summary>Writes the payload, fixed part then trailing bytes, into <paramref name=\"destination\"/>; nothing is written when it does not fit.</summary>");
        w.Line(gen);
        w.Open(Member("", "int", "Write") + "(in " + self + " message, " + ReadOnlySpan + " trailing, global::System.Span<byte> destination)");
        w.Open("if (trailing.Length > " + maxTrailing + ")");
        w.Line("__KcThrowTrailingTooLong(trailing.Length);");
        w.Close();
        w.Line();
        w.Line("int total = " + size + " + trailing.Length;");
        w.Line("// The first half is a constant: the check vanishes for a type that cannot exceed the limit.");
        w.Open("if (" + size + " + " + maxTrailing + " > " + Kc + "Wire.Connector.MaxPayloadSize && total > " + Kc + "Wire.Connector.MaxPayloadSize)");
        w.Line("__KcThrowPayloadTooLarge(total);");
        w.Close();
        w.Line();
        w.Open("if ((uint)destination.Length < (uint)total)");
        w.Line("__KcThrowDestinationTooSmall(total, destination.Length);");
        w.Close();
        w.Line();
        if (!model.Fieldless)
        {
            // A field-less struct's one byte is the runtime's, not the payload's: nothing to write.
            w.Line(Unsafe + ".WriteUnaligned(ref " + MemoryMarshal + ".GetReference(destination), message);");
        }

        if (model.MaxTrailingBytes > 0)
        {
            w.Open("if (trailing.Length != 0)");
            w.Line("trailing.CopyTo(" + (model.Fieldless ? "destination" : "destination.Slice(" + size + ")") + ");");
            w.Close();
            w.Line();
        }

        w.Line("return total;");
        w.Close();
        EmitThrowHelpers(w, gen, display, size, maxTrailing);
        return DeclarationWriter.End(w, model.Target);
    }

    // The refusals live in their own methods: a throw site with a string literal in the hot
    // method makes the JIT keep values alive across the literal's load, which costs every call
    // a saved register, while a call with two ints costs nothing until it runs.
    private static void EmitThrowHelpers(SourceWriter w, string gen, string display, string size, string maxTrailing)
    {
        void Helper(string signature, string exception)
        {
            w.Line();
            w.Line(gen);
            w.Line("[global::System.Diagnostics.CodeAnalysis.DoesNotReturn]");
            w.Line("private static void " + signature + " => throw " + exception + ";");
        }

        Helper("__KcThrowFormat(" + Status + " status, int length)",
            Kc + "__Internals.ConnectorExceptionFactory.InvalidPayload(status, \"" + display + "\", " + size + ", " + maxTrailing + ", length)");
        Helper("__KcThrowTrailingTooLong(int trailing)",
            Kc + "__Internals.ConnectorExceptionFactory.TrailingTooLong(\"" + display + "\", trailing, " + maxTrailing + ")");
        Helper("__KcThrowPayloadTooLarge(int total)",
            Kc + "__Internals.ConnectorExceptionFactory.PayloadTooLarge(\"" + display + "\", total)");
        Helper("__KcThrowDestinationTooSmall(int needed, int available)",
            Kc + "__Internals.ConnectorExceptionFactory.DestinationTooSmall(\"" + display + "\", needed, available)");
    }

    private static void EmitSequenceKey(SourceWriter w, MessageModel model, string self, string gen, string declaration)
    {
        w.Line("/// <summary>Where the field that names the message's sequence counter sits in the payload, or -1.</summary>");
        w.Line(gen);
        if (model.SequenceKeyField is not { } key)
        {
            w.Line(declaration + " => -1;");
            w.Line();
            return;
        }

        w.Line(declaration + " => __KcSequenceKeyOffset;");
        w.Line();
        w.Line("// The runtime's own layout gives the offset; computed once.");
        w.Line(gen);
        w.Line("private static readonly int __KcSequenceKeyOffset = __KcComputeSequenceKeyOffset();");
        w.Line();
        w.Line(gen);
        w.Open("private static int __KcComputeSequenceKeyOffset()");
        w.Line(self + " sample = default;");
        w.Line("return (int)" + Unsafe + ".ByteOffset(ref " + Unsafe + ".As<" + self + ", byte>(ref sample), ref " + Unsafe + ".As<uint, byte>(ref " + Unsafe + ".AsRef(in sample." + key + ")));");
        w.Close();
        w.Line();
    }

    private static void EmitValidate(SourceWriter w, MessageModel model, string self, string gen, string size, string maxTrailing)
    {
        var needsUnsafe = model.Checks.Any(c => c.NeedsUnsafe);
        w.Line(gen);
        w.Open("private static " + (needsUnsafe ? "unsafe " : "") + Status + " __KcValidate(" + ReadOnlySpan + " payload)");
        if (!model.Fieldless && model.MaxTrailingBytes == 0)
        {
            // An exact size, the common case: one comparison on the way to Ok.
            w.Open("if (payload.Length != " + size + ")");
            w.Line("return payload.Length < " + size + " ? " + Status + ".TooShort : " + Status + ".TooLong;");
            w.Close();
        }
        else
        {
            if (!model.Fieldless)
            {
                w.Open("if (payload.Length < " + size + ")");
                w.Line("return " + Status + ".TooShort;");
                w.Close();
                w.Line();
            }

            w.Open("if (payload.Length" + (model.Fieldless ? "" : " - " + size) + " > " + maxTrailing + ")");
            w.Line("return " + Status + ".TooLong;");
            w.Close();
        }

        if (model.Checks.Count > 0)
        {
            w.Line();
            w.Line("ref readonly " + self + " value = ref " + MemoryMarshal + ".AsRef<" + self + ">(payload);");
            foreach (var check in model.Checks)
            {
                EmitCheck(w, check);
            }
        }

        w.Line();
        w.Line("return " + Status + ".Ok;");
        w.Close();
        w.Line();
    }

    private static void EmitCheck(SourceWriter w, FieldCheck check)
    {
        var loops = check.Loops.Count;
        for (var i = 0; i < loops; i++)
        {
            w.Open("for (int i" + i + " = 0; i" + i + " < " + check.Loops[i].ToString(CultureInfo.InvariantCulture) + "; i" + i + "++)");
        }

        var access = "value." + DeclarationWriter.Access(check.Path, loops);
        if (check.Kind == CheckKind.Bool)
        {
            // A bool's byte may hold anything on the wire; C# code assumes 0 or 1.
            w.Open("if (" + Unsafe + ".As<bool, byte>(ref " + Unsafe + ".AsRef(in " + access + ")) > 1)");
            w.Line("return " + Status + ".InvalidField;");
            w.Close();
        }
        else
        {
            w.Open("switch (" + access + ")");
            foreach (var name in check.EnumValues)
            {
                w.Line("case " + check.EnumType + "." + name + ":");
            }

            if (check.EnumValues.Count > 0)
            {
                w.Line("    break;");
            }

            w.Line("default:");
            w.Line("    return " + Status + ".InvalidField;");
            w.Close();
        }

        for (var i = 0; i < loops; i++)
        {
            w.Close();
        }
    }

    private static string Num(uint value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Lit(uint value) => value.ToString(CultureInfo.InvariantCulture) + "u";
}
