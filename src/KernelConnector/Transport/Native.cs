using System;
using System.Runtime.InteropServices;

namespace KernelConnector.Transport;

/// <summary>
/// The libc calls the transport needs. .NET has no <c>AddressFamily.Netlink</c>, so the socket is
/// created, bound and read here; none of these calls allocates.
/// </summary>
internal static unsafe partial class Native
{
    public const int AfNetlink = 16;
    public const int SockDgram = 2;
    public const int SockCloexec = 0x80000;
    public const int SolSocket = 1;
    public const int SoRcvbuf = 8;
    public const int SoRcvbufforce = 33;
    public const int SoSndtimeo = 21;
    public const int SoRcvtimeo = 20;
    public const int MsgDontwait = 0x40;
    public const int MsgTrunc = 0x20;
    public const int MsgWaitforone = 0x10000;
    public const short PollIn = 0x001;
    public const short PollErr = 0x008;
    public const int EfdCloexec = 0x80000;
    public const int EfdNonblock = 0x800;

    // The error numbers the transport tells apart; their values are written once, in Errno.
    public const int EPERM = Errno.EPERM;
    public const int EINTR = Errno.EINTR;
    public const int EAGAIN = Errno.EAGAIN;
    public const int EACCES = Errno.EACCES;
    public const int EINVAL = Errno.EINVAL;
    public const int ENOSYS = Errno.ENOSYS;
    public const int ENOBUFS = Errno.ENOBUFS;
    public const int EAFNOSUPPORT = Errno.EAFNOSUPPORT;
    public const int EPROTONOSUPPORT = Errno.EPROTONOSUPPORT;
    public const int ECONNREFUSED = Errno.ECONNREFUSED;

    [StructLayout(LayoutKind.Sequential)]
    public struct SockaddrNl
    {
        public ushort Family;
        public ushort Pad;
        public uint PortId;
        public uint Groups;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary><c>struct msghdr</c> (LP64: 56 bytes; the C test checks the layout).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public SockaddrNl* Name;
        public int NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary><c>struct mmsghdr</c>: one datagram of a <c>recvmmsg</c> batch and the length received into it.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeVal
    {
        public nint Seconds;
        public nint Microseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, SockaddrNl* address, int length);

    [LibraryImport("libc", EntryPoint = "getsockname", SetLastError = true)]
    public static partial int GetSockName(int fd, SockaddrNl* address, int* length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, int* value, int length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, TimeVal* value, int length);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSockOpt(int fd, int level, int name, int* value, int* length);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    public static partial nint SendTo(int fd, byte* buffer, nuint length, int flags, SockaddrNl* address, int addressLength);

    [LibraryImport("libc", EntryPoint = "recvfrom", SetLastError = true)]
    public static partial nint RecvFrom(int fd, byte* buffer, nuint length, int flags, SockaddrNl* address, int* addressLength);

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMmsg(int fd, MMsgHdr* messages, uint count, int flags, TimeSpec* timeout);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeout);

    [LibraryImport("libc", EntryPoint = "ppoll", SetLastError = true)]
    public static partial int PPoll(PollFd* fds, nuint count, TimeSpec* timeout, void* signalMask);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint length);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    public static partial int Open(byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "readlink", SetLastError = true)]
    public static partial nint ReadLink(byte* path, byte* buffer, nuint length);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint length);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    public const int ClockMonotonic = 1;
    public const int ClockBoottime = 7;
    public const int ScClkTck = 2;

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public nint Seconds;
        public nint Nanoseconds;

        public static TimeSpec From(TimeSpan span) => new()
        {
            Seconds = (nint)(span.Ticks / TimeSpan.TicksPerSecond),
            Nanoseconds = (nint)(span.Ticks % TimeSpan.TicksPerSecond * 100),
        };
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    public static partial int ClockGetTime(int clock, TimeSpec* time);

    [LibraryImport("libc", EntryPoint = "nanosleep")]
    public static partial int NanoSleep(TimeSpec* duration, TimeSpec* remaining);

    [LibraryImport("libc", EntryPoint = "sysconf")]
    public static partial nint SysConf(int name);
}
