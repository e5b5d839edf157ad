using System;
using System.ComponentModel;
using System.Linq;
using System.Reflection;
using KernelConnector.__Internals;
using Xunit;

namespace KernelConnector.Tests.Packaging;

/// <summary>
/// What only generated code calls is public (generated code lives in the user's assembly) but
/// must not show up in a user's completion list.
/// </summary>
public sealed class InternalsNamespaceTests
{
    [Fact]
    public void Every_public_type_of_the_internals_namespace_is_hidden_from_IntelliSense()
    {
        var internals = typeof(ConnectorDispatch).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == typeof(ConnectorDispatch).Namespace)
            .ToArray();

        Assert.Contains(typeof(ConnectorDispatch), internals);
        Assert.Contains(typeof(ConnectorExceptionFactory), internals);
        Assert.All(internals, t => Assert.Equal(
            EditorBrowsableState.Never,
            t.GetCustomAttribute<EditorBrowsableAttribute>()?.State));
    }

    [Fact]
    public void No_public_type_outside_the_internals_namespace_is_hidden()
    {
        // A hidden type elsewhere would be surface a user cannot discover: it belongs in __Internals.
        var hidden = typeof(ConnectorDispatch).Assembly.GetExportedTypes()
            .Where(t => t.Namespace != typeof(ConnectorDispatch).Namespace
                && t.GetCustomAttribute<EditorBrowsableAttribute>()?.State == EditorBrowsableState.Never)
            .Select(t => t.FullName);

        Assert.Empty(hidden);
    }
}
