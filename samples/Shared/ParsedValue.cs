using System;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace KernelConnector.Samples;

/// <summary>
/// An option's value inside a validator, when it parsed. System.CommandLine runs validators on a
/// token it could not convert too, and <c>GetValueOrDefault</c> then throws while the command line
/// is being parsed (a stack trace instead of the one-line refusal the parse error already is).
/// </summary>
internal static class ParsedValue
{
    public static bool TryGet<T>(OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            // The parser has recorded its own error for the token ("Cannot parse argument …").
            value = default!;
            return false;
        }
    }

    /// <summary>
    /// System.CommandLine's "Cannot parse argument 'x' for option '--group' as expected type
    /// 'System.UInt32'." in a user's words: "'x' is not a value for --group: it takes a whole
    /// number". Other messages are returned as they are.
    /// </summary>
    public static string Readable(string message)
    {
        var match = Regex.Match(message, @"^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']+)' as expected type '(?<type>[^']+)'\.?$", RegexOptions.Singleline);
        if (!match.Success)
        {
            return message;
        }

        var type = match.Groups["type"].Value;
        var takes = type switch
        {
            // The option's own validator says the range once a number is given.
            _ when type.Contains("Int32", StringComparison.Ordinal) => "a whole number",
            _ when type.Contains("Double", StringComparison.Ordinal) => "a number",
            _ => null,
        };
        return takes is null
            ? message
            : $"'{match.Groups["value"].Value}' is not a value for {match.Groups["option"].Value}: it takes {takes}";
    }
}
