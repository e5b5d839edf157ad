using KernelConnector.Generators.CHeaders;
using KernelConnector.Generators.Common;

namespace KernelConnector.Generators.HeaderParity;

/// <summary>What kind of difference between a C# struct and its C counterpart; each is its own rule.</summary>
internal enum ParityRule
{
    Size,
    Offset,
    FieldSize,
    Signedness,
    ArrayLength,
    MissingMember,
    ExtraField,
    Shape,
    FlexibleArray,
    Alignment,
}

/// <summary>
/// One difference, as values: the rule, the C# field it sits on (a field of the compared struct,
/// empty for the struct itself), the message's arguments and the header line it quotes.
/// </summary>
internal sealed record ParityDifference(ParityRule Rule, string Field, EquatableArray<string> Arguments, CQuote Quote);
