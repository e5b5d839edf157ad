using System;

namespace KernelConnector;

/// <summary>
/// Marks a method of a <c>partial class</c> as the handler of one message type. The method takes
/// <c>in ReceivedConnectorMessage&lt;T&gt;</c>; the generator emits <c>Register(ConnectorRouter)</c> and a
/// delegate-free <c>Dispatch</c> for the class.
/// </summary>
/// <remarks>
/// The callback is known by its class and method name (<c>Handlers.OnProbe</c>) wherever the
/// runtime or a diagnostic names it; it has no second name of its own.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class ConnectorCallbackAttribute : Attribute
{
}
