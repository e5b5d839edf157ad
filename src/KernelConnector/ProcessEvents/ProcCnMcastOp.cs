namespace KernelConnector.ProcessEvents;

/// <summary><c>enum proc_cn_mcast_op</c>: what a listener asks of the process-event connector.</summary>
public enum ProcCnMcastOp : uint
{
    /// <summary><c>PROC_CN_MCAST_LISTEN</c>: start sending me process events.</summary>
    Listen = 1,

    /// <summary><c>PROC_CN_MCAST_IGNORE</c>: stop.</summary>
    Ignore = 2,
}
