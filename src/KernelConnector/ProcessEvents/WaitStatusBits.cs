namespace KernelConnector.ProcessEvents;

/// <summary>
/// Decodes a wait status (the kernel's <c>exit_code</c>: <c>exit status &lt;&lt; 8 | core bit | signal</c>)
/// as <c>WEXITSTATUS</c>, <c>WTERMSIG</c> and <c>WCOREDUMP</c> do. One decoder for the exit event and
/// the table's <see cref="ProcessExit"/>, so that the two can never read the same status differently.
/// </summary>
internal static class WaitStatusBits
{
    public static int ExitStatus(uint waitStatus) => (int)((waitStatus >> 8) & 0xFF);

    public static int TerminationSignal(uint waitStatus) => (int)(waitStatus & 0x7F);

    public static bool CoreDumped(uint waitStatus) => (waitStatus & 0x80) != 0;
}
