namespace ProcMonitor;

/// <summary>One option of the command line: its long name, its short alias, whether it takes a value, and its help.</summary>
internal sealed record CommandLineOption(string Name, string? Alias, bool IsFlag, string Description)
{
    /// <summary>The option's line in the help: names, then the description (wrapped by the caller's terminal).</summary>
    public string HelpLine(int width)
    {
        var names = (Alias is null ? "" : Alias + ", ") + Name + (IsFlag ? "" : " <value>");
        return "  " + names.PadRight(width) + "  " + Description;
    }
}
