namespace KernelConnector.DeviceMapper;

/// <summary>A log daemon's answer to one request from the kernel; <see cref="DmLogDaemon"/> sends it back.</summary>
public delegate DmLogResult DmLogRequestHandler(in DmLogRequest request);
