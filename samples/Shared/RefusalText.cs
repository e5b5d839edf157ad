namespace KernelConnector.Samples;

/// <summary>
/// A refusal as the one line a sample prints on stderr: line breaks become spaces, and every other
/// control character (an ESC in a value the user typed, echoed back by a parser's message) is
/// written as <c>\xNN</c>, so that nothing the user gave drives the terminal or the journal.
/// </summary>
internal static class RefusalText
{
    public static string OneLine(string message) => KernelConnector.Hosting.LogText.Printable(message.ReplaceLineEndings(" "));
}
