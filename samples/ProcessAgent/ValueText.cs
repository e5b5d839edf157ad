using System;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Reflection;

namespace ProcessAgent;

/// <summary>
/// Reads one configuration value as the configuration binder's source generator does (invariant
/// culture; enums by name, any case) and says in words what a type takes. Stricter on one point:
/// an enum given as a number is refused, because the binder takes any number, even one that names
/// no value ("Details=12345", "OtlpProtocol=7").
/// </summary>
internal static class ValueText
{
    /// <summary>Whether configuration gives <paramref name="type"/> as one value rather than keys.</summary>
    public static bool IsSingleValue(Type type) =>
        (type = Nullable.GetUnderlyingType(type) ?? type).IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(Uri)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Guid);

    /// <summary>Null when <paramref name="value"/> reads as a <paramref name="type"/>; else what the type takes, in words.</summary>
    public static string? Check(Type type, string value) => TryParse(type, value, out _, out var takes) ? null : takes;

    /// <summary>
    /// Null when the property's setter takes the value; else the setter's own reason (the console
    /// logger's options and JSON writer options check ranges there, with a stack trace for an answer).
    /// </summary>
    public static string? SetterRefusal(PropertyInfo property, string value)
    {
        var owner = property.DeclaringType;
        if (property.SetMethod is not { IsPublic: true } || owner is null || owner.IsAbstract || !TryParse(property.PropertyType, value, out var parsed, out _) || parsed == Unchecked
            || (owner.IsValueType ? Activator.CreateInstance(owner) : owner.GetConstructor(Type.EmptyTypes)?.Invoke(null)) is not { } instance)
        {
            return null;
        }

        try
        {
            property.SetValue(instance, parsed);
            return null;
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException refused)
        {
            return refused.Message;
        }
    }

    /// <summary>A value as a message quotes it: control characters (a newline, ESC) as escapes, so that it stays one line.</summary>
    public static string Quote(string value) => "'" + KernelConnector.Hosting.LogText.Printable(value) + "'";

    private static bool TryParse(Type type, string value, out object? parsed, out string takes)
    {
        (parsed, takes) = Read(Nullable.GetUnderlyingType(type) ?? type, value);
        return parsed is not null;
    }

    /// <summary>The value read (null when it does not read as the type) and what the type takes.</summary>
    private static (object? Parsed, string Takes) Read(Type type, string value)
    {
        if (type == typeof(string))
        {
            return (value, "text");
        }

        if (type == typeof(bool))
        {
            return (bool.TryParse(value, out var b) ? b : null, "true or false");
        }

        if (type == typeof(TimeSpan))
        {
            return (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) ? span : null, "a duration as [d.]hh:mm:ss[.fffffff], such as 00:00:05 for 5 seconds");
        }

        if (type == typeof(Uri))
        {
            return (Uri.TryCreate(value, UriKind.RelativeOrAbsolute, out var uri) ? uri : null, "an address such as http://collector:4317");
        }

        if (type.IsEnum)
        {
            var names = Enum.GetNames(type);
            var flags = type.IsDefined(typeof(FlagsAttribute));
            var words = flags ? value.Split(',', StringSplitOptions.TrimEntries) : [value.Trim()];
            var named = Array.TrueForAll(words, w => names.Contains(w, StringComparer.OrdinalIgnoreCase));
            return (named ? Enum.Parse(type, value, ignoreCase: true) : null,
                flags ? $"one or more of {string.Join(", ", names)}, separated by commas" : $"one of {string.Join(", ", names)}");
        }

        if (Array.IndexOf(WholeNumbers, type) >= 0)
        {
            // In the type's range, or the message gives the range.
            var min = (BigInteger)Convert.ToDecimal(type.GetField("MinValue")!.GetValue(null), CultureInfo.InvariantCulture);
            var max = (BigInteger)Convert.ToDecimal(type.GetField("MaxValue")!.GetValue(null), CultureInfo.InvariantCulture);
            return !BigInteger.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? (null, "a whole number")
                : (number >= min && number <= max ? Convert.ChangeType((decimal)number, type, CultureInfo.InvariantCulture) : null, string.Create(CultureInfo.InvariantCulture, $"a whole number from {min} to {max}"));
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? Convert.ChangeType(d, type, CultureInfo.InvariantCulture) : null, "a number");
        }

        // Anything else is the binder's to read.
        return (Unchecked, "");
    }

    /// <summary>What <see cref="Read"/> gives for a type it leaves to the binder.</summary>
    private static readonly object Unchecked = new();

    private static readonly Type[] WholeNumbers = [typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong)];
}
