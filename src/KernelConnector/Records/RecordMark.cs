namespace KernelConnector.Records;

/// <summary>A record a <see cref="RecordWriter"/> has begun and not yet ended: where its header sits.</summary>
public readonly struct RecordMark<THeader> where THeader : unmanaged, IRecordHeader<THeader>
{
    internal RecordMark(int offset) => Offset = offset;

    /// <summary>The offset of the record's header in the writer's destination.</summary>
    public int Offset { get; }
}
