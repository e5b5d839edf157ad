using System;
using System.Collections.Generic;
using CsCheck;
using KernelConnector.Records;
using KernelConnector.W1;
using Xunit;

namespace KernelConnector.Tests.Records;

/// <summary>
/// Walking records: well-formed sequences give every record, hostile ones (truncated, zero
/// length, length past the end, huge) stop at the first record that does not fit with the reason
/// and the offset, and random bytes never throw nor give a body outside the input — checked
/// against a model written here.
/// </summary>
public sealed class RecordReaderTests
{
    // Two w1 commands: a 3-byte write, then a 0-byte reset, packed (the second starts at an odd offset).
    private static readonly byte[] TwoCommands = [1, 0, 3, 0, 0xAA, 0xBB, 0xCC, 5, 0, 0, 0];

    [Fact]
    public void A_packed_sequence_gives_every_record_in_place()
    {
        var reader = new RecordReader<W1NetlinkCommand>(TwoCommands);

        Assert.True(reader.MoveNext());
        Assert.Equal((W1Command.Write, 3, 0), (reader.Current.Header.Command, reader.Current.Header.BodyLength, reader.Current.Offset));
        Assert.Equal([0xAA, 0xBB, 0xCC], reader.Current.Body.ToArray());
        Assert.True(reader.MoveNext());
        Assert.Equal((W1Command.Reset, 0, 7), (reader.Current.Header.Command, reader.Current.Body.Length, reader.Current.Offset));
        Assert.False(reader.MoveNext());
        Assert.Equal((RecordStatus.Complete, 11, 2, false), (reader.Status, reader.StoppedAt, reader.Count, reader.IsMalformed));
        Assert.False(reader.MoveNext());
    }

    [Fact]
    public void No_bytes_is_an_empty_complete_sequence()
    {
        Assert.Equal((RecordStatus.Complete, 0), (RecordSequence.Check<W1NetlinkCommand>([], out var count), count));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Fewer_bytes_than_a_header_after_the_last_record_is_a_truncated_header(int extra)
    {
        var reader = new RecordReader<W1NetlinkCommand>([.. TwoCommands, .. new byte[extra]]);
        var seen = Walk(ref reader);

        Assert.Equal(2, seen.Count);
        Assert.Equal((RecordStatus.TruncatedHeader, 11, true), (reader.Status, reader.StoppedAt, reader.IsMalformed));
    }

    [Fact]
    public void Zero_length_records_are_headers_only_and_the_walk_ends()
    {
        var zeros = new byte[4000];

        Assert.Equal((RecordStatus.Complete, 1000), (RecordSequence.Check<W1NetlinkCommand>(zeros, out var count), count));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(0xFFFF)]
    public void A_length_past_the_end_stops_at_that_record_without_giving_it(int length)
    {
        byte[] bytes = [.. TwoCommands, 2, 0, (byte)length, (byte)(length >> 8), 1, 2, 3];
        var reader = new RecordReader<W1NetlinkCommand>(bytes);
        var seen = Walk(ref reader);

        Assert.Equal(2, seen.Count);
        Assert.Equal((RecordStatus.BodyPastEnd, 11), (reader.Status, reader.StoppedAt));
        Assert.Equal(0, reader.Current.Body.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void A_length_smaller_than_its_own_header_is_invalid_not_an_endless_loop(ushort length)
    {
        byte[] bytes = [8, 0, 1, 0, 1, 2, 3, 4, (byte)length, 0, 2, 0];
        var reader = new RecordReader<AttributeHeader>(bytes);
        var seen = Walk(ref reader);

        Assert.Single(seen);
        Assert.Equal((RecordStatus.InvalidLength, 8), (reader.Status, reader.StoppedAt));
    }

    [Fact]
    public void Aligned_records_skip_their_padding_and_the_last_may_omit_it()
    {
        // 5 bytes (1 of body) + 3 of padding, then 6 bytes (2 of body) without its padding.
        byte[] bytes = [5, 0, 1, 0, 0x11, 0, 0, 0, 6, 0, 2, 0, 0x21, 0x22];
        var reader = new RecordReader<AttributeHeader>(bytes);
        var seen = Walk(ref reader);

        Assert.Equal([(0, "11"), (8, "2122")], seen);
        Assert.Equal((RecordStatus.Complete, 14), (reader.Status, reader.StoppedAt));
    }

    [Fact]
    public void A_first_header_read_elsewhere_walks_like_the_whole_payload()
    {
        var payload = new byte[] { 4, 0, 6, 0, 1, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
        var whole = new RecordReader<W1NetlinkMessage>(payload);
        var split = new RecordReader<W1NetlinkMessage>(System.Runtime.InteropServices.MemoryMarshal.Read<W1NetlinkMessage>(payload), payload.AsSpan(12));

        Assert.Equal(Walk(ref whole), Walk(ref split));
        Assert.Equal((whole.Status, whole.StoppedAt, whole.Count), (split.Status, split.StoppedAt, split.Count));
        Assert.Equal((RecordStatus.Complete, 2), (whole.Status, whole.Count));
    }

    [Fact]
    public void Random_bytes_walk_as_the_model_says_and_never_reach_outside()
    {
        // Mostly small byte values, so that lengths fit often enough to reach every ending.
        var endings = new HashSet<RecordStatus>();
        Gen.OneOf(Gen.Byte[0, 6], Gen.Byte).Array[0, 64].Sample(bytes =>
        {
            var reader = new RecordReader<W1NetlinkCommand>(bytes);
            var seen = new List<(int, string)>();
            while (reader.MoveNext())
            {
                var body = reader.Current.Body;
                Assert.True(body.IsEmpty || bytes.AsSpan().Overlaps(body), "a body outside the input");
                seen.Add((reader.Current.Offset, Convert.ToHexString(body)));
            }

            var (records, status, stoppedAt) = Model(bytes);
            Assert.Equal(records, seen);
            Assert.Equal((status, stoppedAt), (reader.Status, reader.StoppedAt));
            endings.Add(status);
        }, iter: 100_000, threads: 1);

        Assert.Equal(3, endings.Count);
    }

    // The same walk written the plain way: 4-byte header, little-endian u16 length at byte 2.
    private static (List<(int, string)> Records, RecordStatus Status, int StoppedAt) Model(byte[] bytes)
    {
        var records = new List<(int, string)>();
        var position = 0;
        while (position < bytes.Length)
        {
            if (bytes.Length - position < 4)
            {
                return (records, RecordStatus.TruncatedHeader, position);
            }

            var length = bytes[position + 2] | (bytes[position + 3] << 8);
            if (position + 4 + length > bytes.Length)
            {
                return (records, RecordStatus.BodyPastEnd, position);
            }

            records.Add((position, Convert.ToHexString(bytes, position + 4, length)));
            position += 4 + length;
        }

        return (records, RecordStatus.Complete, bytes.Length);
    }

    private static List<(int Offset, string Body)> Walk<T>(ref RecordReader<T> reader)
        where T : unmanaged, IRecordHeader<T>
    {
        var seen = new List<(int, string)>();
        while (reader.MoveNext())
        {
            seen.Add((reader.Current.Offset, Convert.ToHexString(reader.Current.Body)));
        }

        return seen;
    }
}
