using System;

namespace KernelConnector;

/// <summary>
/// Marks the <c>uint</c> field of a message struct that says which counter the message's
/// <c>seq</c> comes from. The kernel numbers process events per CPU (<c>proc_event.cpu</c>), so
/// loss detection must count gaps per value of this field rather than per sender.
/// </summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class SequenceKeyAttribute : Attribute
{
}
