using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using KernelConnector.Generators.CHeaders;

namespace KernelConnector.Generators.Tests.CHeaders;

/// <summary>
/// The kernel's uapi headers as installed on this machine (linux-libc-dev), read at test time so
/// that the reader is checked against the headers gcc compiles, not against a copy in the repository.
/// </summary>
internal static class SystemHeaders
{
    public const string IncludeDirectory = "/usr/include";

    /// <summary>The connector users' headers whose every struct the reader must lay out as gcc does.</summary>
    public static readonly string[] Connector = ["linux/connector.h", "linux/cn_proc.h", "linux/dm-log-userspace.h"];

    public static string Text(string header)
    {
        var path = Path.Combine(IncludeDirectory, header);
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new InvalidOperationException($"{path} is missing: install the kernel's uapi headers (apt-get install linux-libc-dev)");
    }

    /// <summary>A header set of the named system headers, each under the path "include/" + its name, as a project would add them.</summary>
    public static (CHeaderSet Set, IReadOnlyDictionary<string, CHeaderFile> Files) Read(params string[] headers)
    {
        var texts = headers.ToDictionary(h => h, Text);
        var set = new CHeaderSet(texts.Select(t => ("include/" + t.Key, (Func<CHeaderFile>)(() => CHeaderFile.Parse("include/" + t.Key, t.Value)))));
        var files = headers.ToDictionary(h => h, h => set.Read("include/" + h));
        return (set, files);
    }

    public static string Includes(IEnumerable<string> headers) => string.Join("\n", headers.Select(h => $"#include <{h}>"));
}
