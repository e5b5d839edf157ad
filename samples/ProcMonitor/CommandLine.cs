using System;
using System.Collections.Generic;

namespace ProcMonitor;

/// <summary>
/// ProcMonitor's command line, read by hand: twelve options need no library, and System.CommandLine
/// made the native build 1.9 MB larger and its resident memory 1.9 MiB higher (docs/benchmarks.md,
/// section 6). Accepts what the library accepted: long and short names, <c>--name=value</c> and
/// <c>--name:value</c>, repeated options, short flags bundled (<c>-xS</c>), and <c>--</c>.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    /// <summary>Whether help was asked for (<c>--help</c>, <c>-h</c>, <c>-?</c>).</summary>
    public bool Help { get; private set; }

    /// <summary>Whether the version was asked for (<c>--version</c>).</summary>
    public bool Version { get; private set; }

    /// <summary>Whether the flag <paramref name="name"/> (its long name) was given.</summary>
    public bool Has(string name) => _flags.Contains(name);

    /// <summary>The last value of option <paramref name="name"/>, or null.</summary>
    public string? Value(string name) => _values.TryGetValue(name, out var values) ? values[^1] : null;

    /// <summary>Every value of option <paramref name="name"/>, in order.</summary>
    public string[] Values(string name) => _values.TryGetValue(name, out var values) ? [.. values] : [];

    /// <summary>Reads <paramref name="args"/> against <paramref name="options"/>; false with a one-line reason when they do not fit.</summary>
    public static bool TryParse(string[] args, IReadOnlyList<CommandLineOption> options, out CommandLine result, out string error)
    {
        result = new CommandLine();
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                // Everything after it would be an argument, and ProcMonitor takes none.
                if (i + 1 < args.Length)
                {
                    error = $"Unrecognized command or argument '{args[i + 1]}'";
                    return false;
                }

                break;
            }

            if (arg is "--help" or "-h" or "-?")
            {
                result.Help = true;
                continue;
            }

            if (arg == "--version")
            {
                result.Version = true;
                continue;
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                error = $"Unrecognized command or argument '{arg}'";
                return false;
            }

            // --name=value and --name:value, as the library read them.
            string? inline = null;
            var name = arg;
            var separator = arg.IndexOfAny(['=', ':']);
            if (separator > 0)
            {
                name = arg[..separator];
                inline = arg[(separator + 1)..];
            }

            var option = Find(options, name);
            if (option is null && inline is null && !arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                // Short flags bundled: -xS is -x -S.
                if (TryBundle(result, arg, options))
                {
                    continue;
                }
            }

            if (option is null)
            {
                error = $"Unrecognized command or argument '{arg}'";
                return false;
            }

            if (option.IsFlag)
            {
                // --json=true and --json=false, as the library read a flag's value.
                if (inline is not null && !bool.TryParse(inline, out _))
                {
                    error = $"'{inline}' is not a value for {option.Name}: it takes true or false, or no value";
                    return false;
                }

                if (inline is null || bool.Parse(inline))
                {
                    result._flags.Add(option.Name);
                }

                continue;
            }

            var value = inline;
            if (value is null)
            {
                if (i + 1 >= args.Length || (args[i + 1].StartsWith('-') && Find(options, args[i + 1]) is not null))
                {
                    error = $"Required argument missing for option: '{name}'";
                    return false;
                }

                value = args[++i];
            }

            if (!result._values.TryGetValue(option.Name, out var values))
            {
                result._values[option.Name] = values = [];
            }

            values.Add(value);
        }

        return true;
    }

    private static bool TryBundle(CommandLine result, string arg, IReadOnlyList<CommandLineOption> options)
    {
        var flags = new List<string>();
        foreach (var letter in arg.AsSpan(1))
        {
            if (Find(options, "-" + letter) is not { IsFlag: true } flag)
            {
                return false;
            }

            flags.Add(flag.Name);
        }

        result._flags.UnionWith(flags);
        return true;
    }

    private static CommandLineOption? Find(IReadOnlyList<CommandLineOption> options, string name)
    {
        foreach (var option in options)
        {
            if (option.Name == name || option.Alias == name)
            {
                return option;
            }
        }

        return null;
    }
}
