namespace KernelConnector.Records;

/// <summary>
/// The fixed header of one record in a sequence of variable-length records: a struct whose length
/// field says how many bytes of the record follow it. w1's <c>w1_netlink_msg</c> and
/// <c>w1_netlink_cmd</c> are such headers; so is any type–length–value format (netlink's
/// <c>nlattr</c>, whose length counts the header itself and whose records are 4-aligned).
/// </summary>
/// <typeparam name="TSelf">The header struct itself, read from the bytes as they are (no byte swapping).</typeparam>
public interface IRecordHeader<TSelf> where TSelf : unmanaged, IRecordHeader<TSelf>
{
    /// <summary>
    /// How many bytes follow this header and belong to its record, as its length field says; or a
    /// negative number when no body length can be right (a length that counts the header but is
    /// smaller than it, or one too large for an <see cref="int"/>). Never throws.
    /// </summary>
    int BodyLength { get; }

    /// <summary>The largest body the length field can state (65535 for a <c>__u16</c> that counts the body only).</summary>
    static abstract int MaxBodyLength { get; }

    /// <summary>
    /// Records start on multiples of this many bytes from the start of the sequence, the padding
    /// between them belonging to no record: 1 (packed, as w1's) unless a format says otherwise
    /// (netlink attributes: 4).
    /// </summary>
    static virtual int Alignment => 1;

    /// <summary>This header with its length field set for a body of <paramref name="bodyLength"/> bytes (0 to <see cref="MaxBodyLength"/>).</summary>
    TSelf WithBodyLength(int bodyLength);
}
