using System;

namespace KernelConnector.Records;

/// <summary>Record walks over connector messages whose payload is a sequence of records.</summary>
public static class RecordSequence
{
    /// <summary>
    /// The records of a message whose fixed part is the first record's header (w1's
    /// <c>w1_netlink_msg</c>): that header, then the records in its trailing bytes.
    /// </summary>
    public static RecordReader<T> Of<T>(in ReceivedConnectorMessage<T> message)
        where T : unmanaged, IConnectorMessage<T>, IRecordHeader<T> =>
        new(in message.Value, message.Trailing);

    /// <summary>Whether <paramref name="bytes"/> are a whole sequence of records, each of which fits, and how many there are.</summary>
    public static RecordStatus Check<THeader>(ReadOnlySpan<byte> bytes, out int count)
        where THeader : unmanaged, IRecordHeader<THeader>
    {
        var reader = new RecordReader<THeader>(bytes);
        while (reader.MoveNext())
        {
        }

        count = reader.Count;
        return reader.Status;
    }
}
