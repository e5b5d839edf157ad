using System;

namespace KernelConnector;

/// <summary>
/// Marks an enum type, or an enum field of a <see cref="ConnectorMessageAttribute"/> struct, as
/// closed: a received value that is not one of the enum's declared members is rejected by
/// <c>View</c> and <c>TryRead</c> instead of being handed to user code.
/// </summary>
[AttributeUsage(AttributeTargets.Enum | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class ClosedEnumAttribute : Attribute
{
}
