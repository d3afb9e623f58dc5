namespace Lepton.Serving.Protocol;

/// <summary>A named input or output of a model: datatype and shape, with -1 for dimensions that vary (the batch).</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="Datatype">An OIP datatype such as FP32.</param>
/// <param name="Shape">The shape, batch first.</param>
/// <param name="ClassNames">For an output of class probabilities of a model with several outputs, its classes in column order; else null.</param>
public sealed record TensorMetadata(string Name, string Datatype, IReadOnlyList<long> Shape, IReadOnlyList<string>? ClassNames = null);
