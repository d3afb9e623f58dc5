using System.Text.Json.Serialization;

namespace Lepton.Tracking;

/// <summary>Source-generated JSON for what the store keeps as text.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RunEnvironment))]
internal sealed partial class TrackingJson : JsonSerializerContext;
