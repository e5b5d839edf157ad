namespace KernelConnector.Records;

/// <summary>How far a <see cref="RecordReader{THeader}"/> got through its bytes.</summary>
public enum RecordStatus
{
    /// <summary>Still reading: records may follow.</summary>
    Reading = 0,

    /// <summary>Every byte was read as a record (or as alignment padding between records).</summary>
    Complete,

    /// <summary>Bytes are left over, but fewer than a header: the sequence is truncated or has trailing garbage.</summary>
    TruncatedHeader,

    /// <summary>A header's length field says its body runs past the end of the bytes.</summary>
    BodyPastEnd,

    /// <summary>A header's length field holds a value no record can have (its <see cref="IRecordHeader{TSelf}.BodyLength"/> is negative).</summary>
    InvalidLength,
}
