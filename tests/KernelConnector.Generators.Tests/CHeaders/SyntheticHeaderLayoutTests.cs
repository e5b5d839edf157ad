using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Generators.CHeaders;
using Xunit;

namespace KernelConnector.Generators.Tests.CHeaders;

/// <summary>
/// The reader against gcc on a header written to use every construct it claims to understand:
/// macro sizes, enums of every width, typedef chains and aligned typedefs, packed and aligned
/// structs and members, nested, anonymous and array-of-struct members, flexible array members,
/// pointers, every integer keyword combination.
/// </summary>
public class SyntheticHeaderLayoutTests
{
    public const string Header = """
        /* A header that uses what the reader understands. */
        #ifndef SYNTHETIC_H
        #define SYNTHETIC_H
        #include <linux/types.h>

        #define NAME_LEN 16
        #define SLOTS (NAME_LEN / 4 + 1)      /* 5 */
        #define SHIFTED (1 << 3)
        #define NESTED_LEN (SLOTS * 2 - 1)
        #define LONG_LINE \
                (NAME_LEN + \
                 2)
        #define PACKED __attribute__((packed))

        enum small { SMALL_A, SMALL_B = 5, SMALL_C };
        enum big { BIG_A = 0x80000000 };
        enum negative { NEG_A = -1, NEG_B = 1 };
        enum wide { WIDE_A = 0x100000000ULL };
        enum __attribute__((packed)) packed_enum { PE_A = 1, PE_B = 200 };
        enum counted { COUNT_A, COUNT_B, COUNT_MAX };
        enum derived { DERIVED_A = COUNT_MAX * 3, DERIVED_B };

        typedef __u32 my_u32;
        typedef my_u32 my_u32_alias;
        typedef __u64 __attribute__((aligned(4))) u64_4;
        typedef char name_t[NAME_LEN];
        typedef struct { __u16 a; __u8 b; } anon_typedef;
        typedef struct tagged_t { __u8 x; __u32 y; } tagged_typedef;

        struct basic { __u8 a; __u32 b; __u16 c; __u64 d; char e; };
        struct arrays {
                __u8 a[3];
                __u32 b[SLOTS];
                __u16 c[2][3];
                name_t n;
                char m[COUNT_MAX];
                __u8 s[SHIFTED];
                __u8 t[NESTED_LEN];
                __u8 u[sizeof(struct basic)];
                __u8 v[LONG_LINE];
                __u8 w[DERIVED_B];
                __u8 x[sizeof(__u64) * 2 + _Alignof(struct basic)];
                __u8 y[(__u32)3 + 'A' - 64];
                __u8 z[SLOTS > 4 ? 3 : 7];
        };
        struct with_flex { __u64 len; __u8 kind; __u8 data[]; };
        struct with_flex_u32 { __u16 len; __u32 items[]; };
        struct zero_len { __u32 n; __u8 data[0]; };
        struct packed_s { __u8 a; __u32 b; __u64 c; } __attribute__((packed));
        struct __attribute__((packed)) packed_front { __u8 a; __u16 b; };
        struct packed_macro { __u8 a; __u64 b; } PACKED;
        struct aligned_s { __u8 a; } __attribute__((aligned(16)));
        struct member_aligned { __u8 a; __u32 __attribute__((aligned(8))) b; __u8 c __attribute__((aligned(4))); };
        struct packed_member { __u8 a; __u32 b __attribute__((packed)); __u8 c; };
        struct nested {
                struct basic inner;
                union { __u32 as_u32; __u8 bytes[4]; } u;
                struct { __u8 x, y; } pair;
                struct basic many[2];
                tagged_typedef t;
        };
        struct anonymous {
                __u32 kind;
                union {
                        struct { __u16 lo, hi; };
                        __u32 whole;
                };
                struct { __u8 flag; };
        };
        union top_union { __u8 a; __u64 b; struct basic c; };
        struct enums { enum small s; enum big b; enum negative n; enum packed_enum p; enum wide w; enum derived d; };
        struct typedefs { my_u32 a; my_u32_alias b; u64_4 c; anon_typedef d; __kernel_pid_t pid; __be16 port; __s8 sign; };
        struct typedef_align { __u32 x; u64_4 c; };
        struct signs {
                signed char a; unsigned char b; short c; unsigned short d; int e; unsigned f; long g; unsigned long h;
                long long i; unsigned long long j; _Bool k; float l; double m; long double n; short int o;
                unsigned long int p; long unsigned q; signed r; const volatile __u16 s;
        };
        struct pointers { void *p; char *s; void (*fn)(int); __u8 after; const char * const *pp; };
        struct packed_inner { struct packed_s p; __u8 tail; };
        struct aligned_inner { __u8 a; struct aligned_s s; };
        struct outer_aligned { __u8 a; } __attribute__((aligned(8), packed));
        struct aligned_max { __u8 a; } __attribute__((aligned));
        struct many_declarators { __u8 a, b[3], c; __u32 d, e; };
        struct empty_inside { __u32 a; struct { } none; __u8 b; };
        struct forward;
        struct uses_later { struct later *p; __u8 a; };
        struct later { __u16 v; };
        #endif /* SYNTHETIC_H */
        """;

    [Fact]
    public async Task Every_struct_of_a_header_that_uses_every_construct_is_laid_out_as_gcc_lays_it_out()
    {
        var directory = Path.Combine(Path.GetTempPath(), "kernelconnector-header-parity-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var path = Path.Combine(directory, "synthetic.h");
            await File.WriteAllTextAsync(path, Header);
            var file = CHeaderFile.Parse("include/synthetic.h", Header);
            var set = new CHeaderSet([("include/synthetic.h", () => file)]);
            Assert.Empty(file.Problems);
            var structs = file.RecordsInOrder.Select(r => (file, r.Tag!)).ToArray();
            Assert.Equal(28, structs.Length);

            var (compared, differences) = await GccComparison.CompareAsync($"#include \"{path}\"", set, structs);
            Assert.True(differences.Count == 0, GccComparison.Describe(differences));
            Assert.True(compared > 300, $"only {compared} facts compared");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
