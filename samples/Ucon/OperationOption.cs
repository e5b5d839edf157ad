using System;
using System.CommandLine;
using System.Linq;

namespace Ucon;

/// <summary>
/// <c>--op</c>, by name only. System.CommandLine's own enum parsing also takes numbers, any number
/// (<c>--op 7</c> went out as an operation no server knows), and says a bad name in .NET's words.
/// </summary>
internal static class OperationOption
{
    public static Option<UconOperation> Create()
    {
        var names = Enum.GetNames<UconOperation>().Select(n => n.ToLowerInvariant()).ToArray();
        return new Option<UconOperation>("--op")
        {
            Description = $"What the server does with the text: {string.Join(", ", names)}.",
            HelpName = string.Join('|', names),
            DefaultValueFactory = _ => UconOperation.Echo,
            CustomParser = r =>
            {
                var token = r.Tokens.Count == 1 ? r.Tokens[0].Value : string.Join(' ', r.Tokens.Select(t => t.Value));
                if (!token.All(char.IsAsciiLetter) || !Enum.TryParse<UconOperation>(token, ignoreCase: true, out var operation))
                {
                    r.AddError($"'{token}' is not a value for --op: it takes {string.Join(", ", names[..^1])} or {names[^1]}");
                    return default;
                }

                return operation;
            },
        };
    }
}
