using System;

namespace KernelConnector;

/// <summary>
/// Names the C struct (or union) that this struct mirrors, so that the KernelConnector analyzers
/// compare the two at compile time: size, alignment, each field's offset, size and signedness,
/// arrays, nested structs and unions, and for a <see cref="ConnectorMessageAttribute"/> message a
/// flexible array member against <see cref="ConnectorMessageAttribute.MaxTrailingBytes"/>. The
/// header must be part of the project as an <c>AdditionalFiles</c> item
/// (<c>&lt;AdditionalFiles Include="include/uapi/linux/cn_proc.h" /&gt;</c>); a code fix writes the
/// struct's fields from it.
/// </summary>
/// <param name="header">The header's path, or its end: <c>"linux/cn_proc.h"</c> matches <c>include/uapi/linux/cn_proc.h</c>.</param>
/// <param name="name">The C struct's name: <c>"proc_event"</c>, <c>"struct proc_event"</c>, <c>"union x"</c> or a typedef's name.</param>
[AttributeUsage(AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
public sealed class CStructAttribute(string header, string name) : Attribute
{
    /// <summary>The header's path, or its end, among the project's <c>AdditionalFiles</c>.</summary>
    public string Header { get; } = header;

    /// <summary>The C struct's name.</summary>
    public string Name { get; } = name;
}
