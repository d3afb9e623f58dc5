using System.Text.Json.Serialization;
using Lepton.Tracking.Datasets;

namespace Lepton.Tracking;

/// <summary>Source-generated JSON for what the store keeps as text.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RunEnvironment))]
[JsonSerializable(typeof(DatasetProfile))]
internal sealed partial class TrackingJson : JsonSerializerContext;
