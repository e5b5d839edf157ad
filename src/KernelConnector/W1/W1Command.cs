namespace KernelConnector.W1;

/// <summary><c>enum w1_commands</c>: what a <see cref="W1NetlinkCommand"/> asks.</summary>
public enum W1Command : byte
{
    /// <summary><c>W1_CMD_READ</c>: read <c>len</c> bytes; the request carries <c>len</c> bytes of room, the reply the bytes read.</summary>
    Read = 0,

    /// <summary><c>W1_CMD_WRITE</c>: write the command's bytes.</summary>
    Write = 1,

    /// <summary><c>W1_CMD_SEARCH</c>: search the bus (master only); the reply's body is one 8-byte id per slave found.</summary>
    Search = 2,

    /// <summary><c>W1_CMD_ALARM_SEARCH</c>: search for slaves in alarm (master only).</summary>
    AlarmSearch = 3,

    /// <summary><c>W1_CMD_TOUCH</c>: write the command's bytes and return what the bus read back, bit by bit.</summary>
    Touch = 4,

    /// <summary><c>W1_CMD_RESET</c>: reset the bus (master only).</summary>
    Reset = 5,

    /// <summary><c>W1_CMD_SLAVE_ADD</c>: add a slave to the master's list; the command's 8 bytes are its id.</summary>
    SlaveAdd = 6,

    /// <summary><c>W1_CMD_SLAVE_REMOVE</c>: remove a slave from the master's list; the command's 8 bytes are its id.</summary>
    SlaveRemove = 7,

    /// <summary><c>W1_CMD_LIST_SLAVES</c>: the slaves in the kernel's list for the master, without searching the bus.</summary>
    ListSlaves = 8,
}
