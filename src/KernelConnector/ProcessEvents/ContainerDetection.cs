using System;
using System.Text;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// Recognises the cgroup paths container runtimes create. The id forms are matched exactly (64
/// lowercase hex digits where the runtime uses them) so that an ordinary service or user path is
/// never taken for a container.
/// </summary>
internal static class ContainerDetection
{
    private const int IdLength = 64;

    /// <summary>
    /// The container named by the innermost component of <paramref name="path"/> that is a
    /// container's cgroup; components below it (a <c>container</c> or <c>payload</c> child, the
    /// services of a systemd inside) are skipped.
    /// </summary>
    public static ProcessContainer? Detect(string path)
    {
        var span = path.AsSpan();

        // cgroup v2 marks the cgroup of a process that outlived it (a zombie).
        if (span.EndsWith(" (deleted)", StringComparison.Ordinal))
        {
            span = span[..^" (deleted)".Length];
        }

        var end = span.Length;
        while (end > 0)
        {
            var slash = span[..end].LastIndexOf('/');
            var component = span[(slash + 1)..end];
            var ancestors = slash > 0 ? span[..slash] : default;
            if (!component.IsEmpty && Match(component, ancestors) is { } container)
            {
                return container;
            }

            end = slash;
        }

        return null;
    }

    /// <summary>Whether <paramref name="list"/>, split at <paramref name="separator"/>, has an item equal to <paramref name="item"/>.</summary>
    public static bool HasItem(ReadOnlySpan<char> list, char separator, string item)
    {
        while (true)
        {
            var at = list.IndexOf(separator);
            if ((at < 0 ? list : list[..at]).SequenceEqual(item))
            {
                return true;
            }

            if (at < 0)
            {
                return false;
            }

            list = list[(at + 1)..];
        }
    }

    private static ProcessContainer? Match(ReadOnlySpan<char> component, ReadOnlySpan<char> ancestors)
    {
        // Scopes systemd creates for a runtime's container: docker's and containerd's systemd
        // drivers, CRI-O, Podman, nerdctl. The "-conmon-" scopes hold the monitor, not the
        // container, and fail the id test because "conmon-" is not hex.
        if (TryPrefixedId(component, "docker-", ".scope", out var id))
        {
            return Found(ContainerRuntime.Docker, id, ancestors);
        }

        if (TryPrefixedId(component, "cri-containerd-", ".scope", out id)
            || TryPrefixedId(component, "nerdctl-", ".scope", out id))
        {
            return Found(ContainerRuntime.Containerd, id, ancestors);
        }

        // CRI-O and Podman name the cgroup the same way under their cgroupfs managers, without ".scope".
        if (TryPrefixedId(component, "crio-", ".scope", out id) || TryPrefixedId(component, "crio-", "", out id))
        {
            return Found(ContainerRuntime.CriO, id, ancestors);
        }

        if (TryPrefixedId(component, "libpod-", ".scope", out id) || TryPrefixedId(component, "libpod-", "", out id))
        {
            return Found(ContainerRuntime.Podman, id, ancestors);
        }

        if (TryColonForm(component, out var runtime, out id, out var podUid))
        {
            return new ProcessContainer(runtime, id) { KubernetesPodUid = podUid };
        }

        var parent = LastComponent(ancestors);
        if (IsContainerId(component))
        {
            if (parent.SequenceEqual("docker"))
            {
                return new ProcessContainer(ContainerRuntime.Docker, component.ToString());
            }

            // The kubelet's cgroupfs layout. Docker (through dockershim, gone since Kubernetes
            // 1.24) used the same one; the path cannot tell them apart, and containerd is what
            // Kubernetes runs on since.
            if (PodUid(ancestors) is { } uid)
            {
                return new ProcessContainer(ContainerRuntime.Containerd, component.ToString()) { KubernetesPodUid = uid };
            }
        }

        if (component.StartsWith("machine-", StringComparison.Ordinal) && component.EndsWith(".scope", StringComparison.Ordinal)
            && component.Length > "machine-.scope".Length)
        {
            return new ProcessContainer(ContainerRuntime.SystemdNspawn, SystemdUnescape(component["machine-".Length..^".scope".Length]));
        }

        // LXC 4+ "lxc.payload.NAME" (LXD and Incus too), LXC 3 "lxc.payload/NAME", older "lxc/NAME".
        // "lxc.monitor.NAME" holds the monitor process and matches none of these.
        if (component.StartsWith("lxc.payload.", StringComparison.Ordinal) && component.Length > "lxc.payload.".Length)
        {
            return new ProcessContainer(ContainerRuntime.Lxc, component["lxc.payload.".Length..].ToString());
        }

        if (parent.SequenceEqual("lxc.payload") || parent.SequenceEqual("lxc"))
        {
            return new ProcessContainer(ContainerRuntime.Lxc, component.ToString());
        }

        return null;
    }

    private static ProcessContainer Found(ContainerRuntime runtime, string id, ReadOnlySpan<char> ancestors)
        => new(runtime, id) { KubernetesPodUid = PodUid(ancestors) };

    /// <summary>
    /// containerd's systemd driver on a cgroup v1 host (containerd 1.5+) leaves the container in
    /// <c>/system.slice/containerd.service/POD.slice:cri-containerd:ID</c> in some hierarchies:
    /// runc's "slice:prefix:name" cgroup spec, kept as one name.
    /// </summary>
    private static bool TryColonForm(ReadOnlySpan<char> component, out ContainerRuntime runtime, out string id, out string? podUid)
    {
        runtime = ContainerRuntime.None;
        id = "";
        podUid = null;
        var first = component.IndexOf(':');
        var last = component.LastIndexOf(':');
        if (first < 0 || last <= first || !component[..first].EndsWith(".slice", StringComparison.Ordinal)
            || !IsContainerId(component[(last + 1)..]))
        {
            return false;
        }

        var prefix = component[(first + 1)..last];
        runtime = prefix.SequenceEqual("cri-containerd") ? ContainerRuntime.Containerd
            : prefix.SequenceEqual("crio") ? ContainerRuntime.CriO
            : prefix.SequenceEqual("docker") ? ContainerRuntime.Docker
            : ContainerRuntime.None;
        if (runtime == ContainerRuntime.None)
        {
            return false;
        }

        id = component[(last + 1)..].ToString();
        podUid = SlicePodUid(component[..first]);
        return true;
    }

    /// <summary>The pod uid when the last of <paramref name="ancestors"/> is a kubelet pod cgroup.</summary>
    private static string? PodUid(ReadOnlySpan<char> ancestors)
    {
        var slash = ancestors.LastIndexOf('/');
        var parent = ancestors[(slash + 1)..];

        // cgroupfs: /kubepods[/burstable|/besteffort]/pod<uid>, possibly below a prefix (kind's /kubelet).
        if (parent.StartsWith("pod", StringComparison.Ordinal) && slash > 0 && HasItem(ancestors[..slash], '/', "kubepods"))
        {
            return ValidPodUid(parent["pod".Length..].ToString());
        }

        return SlicePodUid(parent);
    }

    /// <summary>
    /// The uid in the systemd driver's pod slice, <c>kubepods-burstable-pod&lt;uid&gt;.slice</c>,
    /// where systemd's slice naming forced the uid's dashes into underscores.
    /// </summary>
    private static string? SlicePodUid(ReadOnlySpan<char> slice)
    {
        var pod = slice.LastIndexOf("-pod", StringComparison.Ordinal);
        if (pod < 0 || !slice.EndsWith(".slice", StringComparison.Ordinal) || !slice[..pod].Contains("kubepods", StringComparison.Ordinal))
        {
            return null;
        }

        return ValidPodUid(slice[(pod + "-pod".Length)..^".slice".Length].ToString().Replace('_', '-'));
    }

    /// <summary>
    /// A pod uid is a UUID, or for a static pod (from a manifest file) the 32 hex digits of the
    /// manifest's hash.
    /// </summary>
    private static string? ValidPodUid(string uid)
    {
        if (uid.Length == 32)
        {
            return IsLowerHex(uid) ? uid : null;
        }

        if (uid.Length != 36)
        {
            return null;
        }

        for (var i = 0; i < uid.Length; i++)
        {
            var dash = i is 8 or 13 or 18 or 23;
            if (dash ? uid[i] != '-' : !IsLowerHex(uid[i]))
            {
                return null;
            }
        }

        return uid;
    }

    private static bool TryPrefixedId(ReadOnlySpan<char> component, string prefix, string suffix, out string id)
    {
        id = "";
        if (component.Length != prefix.Length + IdLength + suffix.Length
            || !component.StartsWith(prefix, StringComparison.Ordinal)
            || !component.EndsWith(suffix, StringComparison.Ordinal))
        {
            return false;
        }

        var candidate = component.Slice(prefix.Length, IdLength);
        if (!IsLowerHex(candidate))
        {
            return false;
        }

        id = candidate.ToString();
        return true;
    }

    private static bool IsContainerId(ReadOnlySpan<char> text) => text.Length == IdLength && IsLowerHex(text);

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!IsLowerHex(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerHex(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'f');

    private static ReadOnlySpan<char> LastComponent(ReadOnlySpan<char> path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>
    /// Undoes systemd's unit-name escaping (<c>\x2d</c> for '-', <c>\xNN</c> for other bytes).
    /// machined escapes every '-' of a machine name, so a bare '-' is kept as written.
    /// </summary>
    private static string SystemdUnescape(ReadOnlySpan<char> escaped)
    {
        if (!escaped.Contains('\\'))
        {
            return escaped.ToString();
        }

        // The escapes stand for bytes of the UTF-8 name, so the name is rebuilt as bytes.
        var bytes = Encoding.UTF8.GetBytes(escaped.ToArray());
        var length = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\\' && i + 3 < bytes.Length && bytes[i + 1] == 'x'
                && HexValue(bytes[i + 2]) is >= 0 and var high && HexValue(bytes[i + 3]) is >= 0 and var low)
            {
                bytes[length++] = (byte)((high << 4) | low);
                i += 3;
            }
            else
            {
                bytes[length++] = bytes[i];
            }
        }

        return Encoding.UTF8.GetString(bytes, 0, length);
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
