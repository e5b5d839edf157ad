namespace KernelConnector;

/// <summary>
/// The Linux error numbers (<c>&lt;asm-generic/errno-base.h&gt;</c>, <c>&lt;asm-generic/errno.h&gt;</c>)
/// the runtime tells apart: the one place that writes their values.
/// </summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int EINVAL = 22;
    public const int ERANGE = 34;
    public const int ENOSYS = 38;
    public const int EPROTONOSUPPORT = 93;
    public const int EAFNOSUPPORT = 97;
    public const int ENOBUFS = 105;
    public const int ECONNREFUSED = 111;
}
