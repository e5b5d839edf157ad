namespace KernelConnector;

/// <summary>What to do with messages that claim a kernel-owned id from a userspace port.</summary>
public enum SpoofingPolicy
{
    /// <summary>Drop and count them (<see cref="ConnectorStatistics.Spoofed"/>): only the kernel may speak for its own ids.</summary>
    Drop,

    /// <summary>Deliver them like any other message.</summary>
    Allow,
}
