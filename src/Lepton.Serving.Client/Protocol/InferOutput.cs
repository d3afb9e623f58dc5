namespace Lepton.Serving.Protocol;

/// <summary>One output tensor of an inference answer, flattened row-major.</summary>
/// <param name="Name">The output's name (<c>output</c> or <c>probabilities</c>; for a model with several output features, the feature's name).</param>
/// <param name="Shape">Its shape, batch first.</param>
/// <param name="Datatype">FP32.</param>
/// <param name="Data">The values; null when they follow the JSON as binary data.</param>
/// <param name="Parameters">With binary data, <c>binary_data_size</c>: how many bytes of the body are this output's.</param>
public sealed record InferOutput(string Name, IReadOnlyList<long> Shape, string Datatype, IReadOnlyList<float>? Data, IReadOnlyDictionary<string, long>? Parameters = null);
