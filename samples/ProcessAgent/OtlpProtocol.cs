namespace ProcessAgent;

/// <summary>How the agent speaks OTLP to a collector.</summary>
public enum OtlpProtocol
{
    /// <summary>OTLP over gRPC (a collector's port 4317).</summary>
    Grpc,

    /// <summary>OTLP over HTTP with protobuf bodies (a collector's port 4318).</summary>
    HttpProtobuf,
}
