using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lepton.Tracking.Remote;

/// <summary>Writes a <see cref="RunStatus"/> as <c>running</c>, <c>finished</c>, <c>failed</c> or <c>killed</c>.</summary>
internal sealed class RunStatusConverter() : JsonStringEnumConverter<RunStatus>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false);
