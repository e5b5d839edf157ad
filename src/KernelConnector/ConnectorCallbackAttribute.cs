using System;

namespace KernelConnector;

/// <summary>
/// Marks a method of a <c>partial class</c> as the handler of one message type. The method takes
/// <c>in ConnectorMessage&lt;T&gt;</c>; the generator emits <c>Register(ConnectorRouter)</c> and a
/// delegate-free <c>Dispatch</c> for the class.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class ConnectorCallbackAttribute : Attribute
{
    /// <summary>A name for the callback, shown in diagnostics and statistics.</summary>
    public string? Name { get; set; }
}
