using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Shared;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests;

public class CbIdTests
{
    // Each well-known id with the names <linux/connector.h> gives its idx and val; gcc says the numbers.
    private static readonly (CbId Ours, string Idx, string Val)[] KernelIds =
    [
        (CbId.Proc, "CN_IDX_PROC", "CN_VAL_PROC"),
        (CbId.Cifs, "CN_IDX_CIFS", "CN_VAL_CIFS"),
        (CbId.W1, "CN_W1_IDX", "CN_W1_VAL"),
        (CbId.V86dUvesafb, "CN_IDX_V86D", "CN_VAL_V86D_UVESAFB"),
        (CbId.Dst, "CN_DST_IDX", "CN_DST_VAL"),
        (CbId.DmUserspaceLog, "CN_IDX_DM", "CN_VAL_DM_USERSPACE_LOG"),
        (CbId.Drbd, "CN_IDX_DRBD", "CN_VAL_DRBD"),
        (CbId.HyperVKvp, "CN_KVP_IDX", "CN_KVP_VAL"),
        (CbId.HyperVVss, "CN_VSS_IDX", "CN_VSS_VAL"),
    ];

    private static async Task<long[]> AskGcc(params string[] expressions) =>
        await CLayout.QueryAsync("#include <linux/connector.h>", expressions);

    [Fact]
    public async Task Well_known_ids_match_linux_connector_h_and_are_kernel_owned()
    {
        var c = await AskGcc(KernelIds.SelectMany(k => new[] { k.Idx, k.Val }).ToArray());
        for (var i = 0; i < KernelIds.Length; i++)
        {
            var header = new CbId((uint)c[2 * i], (uint)c[(2 * i) + 1]);
            Assert.True(header == KernelIds[i].Ours, $"{KernelIds[i].Idx}/{KernelIds[i].Val}: the header says {header}, KernelConnector {KernelIds[i].Ours}");
            Assert.True(header.IsKernelOwned, $"{header} is not kernel-owned");
        }

        // Exactly the header's ids, no more.
        Assert.Equal(KernelIds.Select(k => k.Ours).ToHashSet(), CbId.KernelOwned.ToHashSet());
        Assert.Equal(KernelIds.Length, CbId.KernelOwned.Count);
    }

    [Fact]
    public async Task The_one_list_of_kernel_ids_is_every_pair_the_header_defines()
    {
        // Every idx macro gcc sees in the header: each is on the list with its val macro, except
        // CN_IDX_BB, which the header gives no val (see KernelOwnedIds). A newer header with a new
        // id, or a list entry the header does not have, fails here.
        var idxMacros = (await HeaderMacros()).Where(m => m.Contains("IDX", StringComparison.Ordinal)).ToHashSet();
        Assert.Contains("CN_IDX_PROC", idxMacros);
        Assert.Equal(idxMacros.Order(StringComparer.Ordinal), KernelOwnedIds.All.Select(k => k.IdxMacro).Append("CN_IDX_BB").Order(StringComparer.Ordinal));

        // And each entry's numbers are the header's.
        var c = await AskGcc(KernelOwnedIds.All.SelectMany(k => new[] { k.IdxMacro, k.ValMacro }).ToArray());
        for (var i = 0; i < KernelOwnedIds.All.Length; i++)
        {
            var entry = KernelOwnedIds.All[i];
            Assert.True(entry.Idx == c[2 * i] && entry.Val == c[(2 * i) + 1], $"{entry.IdxMacro}/{entry.ValMacro}: the header says {{{c[2 * i]}, {c[(2 * i) + 1]}}}, the list {{{entry.Idx}, {entry.Val}}}");
        }
    }

    // The names of the CN_ macros <linux/connector.h> defines, as gcc's preprocessor lists them.
    private static async Task<string[]> HeaderMacros()
    {
        var dir = Directory.CreateTempSubdirectory("kc-connector-h-");
        try
        {
            var file = Path.Combine(dir.FullName, "macros.c");
            await File.WriteAllTextAsync(file, "#include <linux/connector.h>\n");
            var result = await ProcessRunner.RunAsync("gcc", ["-dM", "-E", file], dir.FullName);
            Assert.True(result.ExitCode == 0, $"gcc -dM -E failed: {result}");
            return result.Output.Split('\n')
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(parts => parts.Length >= 2 && parts[0] == "#define" && parts[1].StartsWith("CN_", StringComparison.Ordinal))
                .Select(parts => parts[1])
                .ToArray();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Ids_the_header_does_not_give_a_kernel_user_are_not_kernel_owned()
    {
        // CN_IDX_BB has no val and no in-kernel callback; CN_NETLINK_USERS is the first idx past the
        // kernel's; a kernel idx with another val belongs to nobody in the kernel.
        var c = await AskGcc("CN_IDX_BB", "CN_NETLINK_USERS", "CN_IDX_PROC", "CN_VAL_PROC");
        CbId[] others =
        [
            new((uint)c[0], 1), new((uint)c[0], 0), new((uint)c[1], 1), new((uint)c[2], (uint)c[3] + 1),
            new(0, 0), new(uint.MaxValue, uint.MaxValue),
            .. KernelIds.Select(k => new CbId(k.Ours.Idx, k.Ours.Val + 1)),
        ];
        foreach (var id in others)
        {
            Assert.False(id.IsKernelOwned, $"{id} is reported kernel-owned");
            Assert.DoesNotContain(id, CbId.KernelOwned);
        }
    }

    [Fact]
    public void Control_is_the_all_ones_id() => Assert.Equal(new CbId(uint.MaxValue, uint.MaxValue), CbId.Control);

    [Fact]
    public void Formats_like_the_kernel_documentation()
    {
        Assert.Equal("{20, 7}", new CbId(20, 7).ToString());
    }

    [Fact]
    public void Group_defaults_to_idx_until_set()
    {
        var attribute = new ConnectorMessageAttribute(20, 7);
        Assert.Equal(20u, attribute.Group);
        attribute.Group = 3;
        Assert.Equal(3u, attribute.Group);
        Assert.Equal(0, attribute.MaxTrailingBytes);
        Assert.False(attribute.UnicastOnly);
    }
}
