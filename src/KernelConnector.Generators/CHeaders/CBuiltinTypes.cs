using System.Collections.Generic;

namespace KernelConnector.Generators.CHeaders;

/// <summary>A C scalar type: size, alignment and how its bits read, on x86_64 and aarch64 Linux.</summary>
internal sealed record CScalar(string Name, int Size, int Alignment, CSignedness Signedness);

/// <summary>
/// The scalar types a uapi header may use without defining them: C's own, and the typedefs of
/// <c>&lt;linux/types.h&gt;</c>, <c>&lt;asm-generic/posix_types.h&gt;</c> and <c>&lt;stdint.h&gt;</c>,
/// as they are on the 64-bit Linux ABIs (LP64: long and pointers are 8 bytes). The tests compare
/// every entry with gcc's <c>sizeof</c>, <c>_Alignof</c> and signedness.
/// </summary>
internal static class CBuiltinTypes
{
    private static readonly Dictionary<string, CScalar> Typedefs = Build();

    public static CScalar? Find(string name) => Typedefs.TryGetValue(name, out var scalar) ? scalar : null;

    /// <summary>Every typedef name the reader knows, for the tests.</summary>
    public static IEnumerable<CScalar> All => Typedefs.Values;

    /// <summary>
    /// The type the keywords name (<c>unsigned long int</c>), or null when they are not a type C has.
    /// </summary>
    public static CScalar? FromKeywords(IReadOnlyList<string> words)
    {
        int signed = 0, unsigned = 0, chars = 0, shorts = 0, ints = 0, longs = 0, floats = 0, doubles = 0, bools = 0, int128 = 0, other = 0;
        foreach (var word in words)
        {
            switch (word)
            {
                case "signed" or "__signed__" or "__signed": signed++; break;
                case "unsigned": unsigned++; break;
                case "char": chars++; break;
                case "short": shorts++; break;
                case "int": ints++; break;
                case "long": longs++; break;
                case "float": floats++; break;
                case "double": doubles++; break;
                case "_Bool": bools++; break;
                case "__int128": int128++; break;
                default: other++; break;
            }
        }

        var name = string.Join(" ", words);
        var signs = signed + unsigned;
        if (words.Count == 0 || other > 0 || signs > 1 || ints > 1 || longs > 2 || chars + shorts + floats + doubles + bools + int128 > 1)
        {
            return null;
        }

        var sign = unsigned > 0 ? CSignedness.Unsigned : CSignedness.Signed;
        if (floats + doubles + bools > 0)
        {
            // float, double, long double, _Bool: no sign, no int, only double takes one long.
            return signs + ints > 0 || longs > doubles ? null
                : bools > 0 ? new CScalar(name, 1, 1, CSignedness.Unsigned)
                : floats > 0 ? new CScalar(name, 4, 4, CSignedness.Float)
                : longs > 0 ? new CScalar(name, 16, 16, CSignedness.Float)
                : new CScalar(name, 8, 8, CSignedness.Float);
        }

        if (chars > 0)
        {
            // Plain char is signed on x86_64 and unsigned on aarch64: either reading is right.
            return ints + longs > 0 ? null : new CScalar(name, 1, 1, signs == 0 ? CSignedness.Either : sign);
        }

        if (int128 > 0)
        {
            return ints + longs > 0 ? null : new CScalar(name, 16, 16, sign);
        }

        if (shorts > 0)
        {
            return longs > 0 ? null : new CScalar(name, 2, 2, sign);
        }

        return longs > 0 ? new CScalar(name, 8, 8, sign) : new CScalar(name, 4, 4, sign);
    }

    private static Dictionary<string, CScalar> Build()
    {
        var types = new Dictionary<string, CScalar>(System.StringComparer.Ordinal);
        void Add(CSignedness signedness, int size, params string[] names)
        {
            foreach (var name in names)
            {
                types[name] = new CScalar(name, size, size, signedness);
            }
        }

        const CSignedness S = CSignedness.Signed, U = CSignedness.Unsigned;
        Add(U, 1, "__u8", "uint8_t");
        Add(S, 1, "__s8", "int8_t");
        Add(U, 2, "__u16", "__le16", "__be16", "__sum16", "uint16_t", "__kernel_sa_family_t", "__kernel_old_uid_t", "__kernel_old_gid_t");
        Add(S, 2, "__s16", "int16_t");
        Add(U, 4, "__u32", "__le32", "__be32", "__wsum", "__poll_t", "uint32_t", "__kernel_uid32_t", "__kernel_gid32_t",
            "__kernel_uid_t", "__kernel_gid_t", "__kernel_mode_t");
        Add(S, 4, "__s32", "int32_t", "__kernel_pid_t", "__kernel_daddr_t", "__kernel_ipc_pid_t", "__kernel_timer_t", "__kernel_clockid_t",
            "__kernel_key_t", "__kernel_mqd_t");
        Add(U, 8, "__u64", "__le64", "__be64", "uint64_t", "__aligned_u64", "__aligned_be64", "__aligned_le64", "__kernel_ulong_t",
            "__kernel_size_t", "__kernel_ino_t", "__kernel_old_dev_t", "size_t", "uintptr_t");
        Add(S, 8, "__s64", "int64_t", "__aligned_s64", "__kernel_long_t", "__kernel_ssize_t", "__kernel_off_t", "__kernel_loff_t",
            "__kernel_time64_t", "__kernel_old_time_t", "__kernel_time_t", "__kernel_clock_t", "__kernel_suseconds_t", "__kernel_ptrdiff_t",
            "ssize_t", "intptr_t", "ptrdiff_t");
        return types;
    }
}
