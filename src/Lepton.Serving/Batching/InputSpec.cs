namespace Lepton.Serving.Batching;

/// <summary>One named model input: the shape of one sample (-1 where it varies) and the wire datatype.</summary>
internal sealed record InputSpec(string Name, long[] SampleShape, string Datatype)
{
    /// <summary>The OIP shape with the batch dimension in front, -1 for every dimension that varies.</summary>
    public long[] BatchedShape => [-1, .. SampleShape];
}
