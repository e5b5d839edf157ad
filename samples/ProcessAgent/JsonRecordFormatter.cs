using System;
using System.Buffers;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace ProcessAgent;

/// <summary>
/// The console's <c>json</c> formatter, writing the framework's fields (Timestamp, EventId,
/// LogLevel, Category, Message, Exception, State, Scopes) as the framework's does, with its options, but a state value that
/// is a sequence (<c>process.command_args</c>, a <c>string[]</c>) as a JSON array of its items. The
/// framework's own formatter writes such a value's <c>ToString()</c>, <c>"System.String[]"</c>; the
/// record itself must keep the array, which OpenTelemetry's exporters send as an array attribute.
/// </summary>
internal sealed class JsonRecordFormatter : ConsoleFormatter, IDisposable
{
    private readonly IDisposable? _reload;
    private JsonConsoleFormatterOptions _options;

    public JsonRecordFormatter(IOptionsMonitor<JsonConsoleFormatterOptions> options)
        : base(ConsoleFormatterNames.Json)
    {
        _options = options.CurrentValue;
        _reload = options.OnChange(changed => _options = changed);
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (logEntry.Exception is null && message is null)
        {
            return;
        }

        var options = _options;
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, options.JsonWriterOptions))
        {
            writer.WriteStartObject();
            if (options.TimestampFormat is { } format)
            {
                var now = options.UseUtcTimestamp ? DateTimeOffset.UtcNow : DateTimeOffset.Now;
                writer.WriteString("Timestamp", now.ToString(format, CultureInfo.InvariantCulture));
            }

            writer.WriteNumber("EventId", logEntry.EventId.Id);
            writer.WriteString("LogLevel", logEntry.LogLevel.ToString());
            writer.WriteString("Category", logEntry.Category);
            writer.WriteString("Message", message);
            if (logEntry.Exception is { } exception)
            {
                writer.WriteString("Exception", exception.ToString());
            }

            if (logEntry.State is { } state)
            {
                writer.WriteStartObject("State");

                // As the framework's: the state's own text only when it is not the message already.
                if (state.ToString() is { } text && text != message)
                {
                    writer.WriteString("Message", text);
                }

                WriteProperties(writer, state);
                writer.WriteEndObject();
            }

            if (options.IncludeScopes && scopeProvider is not null)
            {
                writer.WriteStartArray("Scopes");
                scopeProvider.ForEachScope(static (scope, writer) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>>)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("Message", scope.ToString());
                        WriteProperties(writer, scope);
                        writer.WriteEndObject();
                    }
                    else
                    {
                        writer.WriteStringValue(Convert.ToString(scope, CultureInfo.InvariantCulture));
                    }
                }, writer);
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write(Environment.NewLine);
    }

    public void Dispose() => _reload?.Dispose();

    /// <summary>A state's or scope's properties, if it has any.</summary>
    private static void WriteProperties(Utf8JsonWriter writer, object state)
    {
        if (state is IEnumerable<KeyValuePair<string, object?>> properties)
        {
            foreach (var (key, value) in properties)
            {
                writer.WritePropertyName(key);
                if (value is IEnumerable items and not string)
                {
                    // One level: an item that is a sequence itself is written as its text.
                    writer.WriteStartArray();
                    foreach (var item in items)
                    {
                        WriteScalar(writer, item is IEnumerable and not string ? Convert.ToString(item, CultureInfo.InvariantCulture) : item);
                    }

                    writer.WriteEndArray();
                }
                else
                {
                    WriteScalar(writer, value);
                }
            }
        }
    }

    /// <summary>Numbers and booleans as JSON's, everything else as its invariant text.</summary>
    private static void WriteScalar(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int or long or short or sbyte:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case uint or ulong or ushort or byte:
                writer.WriteNumberValue(Convert.ToUInt64(value, CultureInfo.InvariantCulture));
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                writer.WriteNumberValue(f);
                break;
            default:
                // JSON has no NaN or infinity: those are written as text too.
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
