using System.Globalization;

namespace KernelConnector.W1;

/// <summary>The status values the w1 connector answers with, and their names.</summary>
public static class W1Status
{
    /// <summary><c>E2BIG</c>: a length field runs past the end of the message.</summary>
    public const byte TooBig = 7;

    /// <summary><c>ENOMEM</c>.</summary>
    public const byte OutOfMemory = 12;

    /// <summary><c>ENODEV</c>: no such master or slave, or the slave did not answer the reset.</summary>
    public const byte NoDevice = 19;

    /// <summary><c>EINVAL</c>: a command the target does not take, or a bad add/remove.</summary>
    public const byte Invalid = 22;

    /// <summary><c>EPROTO</c>: a master or slave message without commands, or an unknown message type.</summary>
    public const byte Protocol = 71;

    /// <summary>
    /// What a <see cref="W1Command.Reset"/> reports when no device answered with a presence pulse:
    /// the kernel's reset returns 1, which the status byte carries negated (<c>(u8)-1</c>), not an errno.
    /// </summary>
    public const byte NoPresence = 255;

    /// <summary>A short name for a status: <c>ENODEV (no such device)</c>.</summary>
    public static string Describe(int status) => status switch
    {
        0 => "0 (success)",
        TooBig => "E2BIG (a length runs past the end of the message)",
        OutOfMemory => "ENOMEM (out of memory)",
        NoDevice => "ENODEV (no such device)",
        Invalid => "EINVAL (invalid command)",
        Protocol => "EPROTO (no commands, or an unknown message type)",
        NoPresence => "255 (no device answered the reset)",
        _ => "errno " + status.ToString(CultureInfo.InvariantCulture),
    };
}
