using System.Text.Json;
using System.Text.Json.Serialization;
using Lepton.Tracking.Artifacts;

namespace Lepton.Tracking.Remote;

/// <summary>
/// The tracking server's wire format: source-generated JSON for the HTTP API, shared by the server and
/// <see cref="HttpMetadataStore"/> so it is defined once. The bodies are the store's own records (<see cref="Run"/>,
/// <see cref="ModelVersion"/>, …) and the request types of this namespace (<see cref="RunStartRequest"/>, …). snake_case
/// names, enums as lowercase strings, nulls written out, and NaN/±∞ as the strings <c>"NaN"</c>, <c>"Infinity"</c>,
/// <c>"-Infinity"</c> (JSON has no literal for them). A missing field without a default and a null where a value
/// is required are errors rather than silent defaults.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(RunStatusConverter)],
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(ExperimentRequest))]
[JsonSerializable(typeof(Experiment))]
[JsonSerializable(typeof(IReadOnlyList<Experiment>))]
[JsonSerializable(typeof(RunStartRequest))]
[JsonSerializable(typeof(RunInfo))]
[JsonSerializable(typeof(Run))]
[JsonSerializable(typeof(IReadOnlyList<Run>))]
[JsonSerializable(typeof(RunBatch))]
[JsonSerializable(typeof(RunQuery))]
[JsonSerializable(typeof(EndRunRequest))]
[JsonSerializable(typeof(MetricHistoryPage))]
[JsonSerializable(typeof(ArtifactEntry))]
[JsonSerializable(typeof(RunDataset))]
[JsonSerializable(typeof(FailAbandonedRequest))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(ArtifactBlob))]
[JsonSerializable(typeof(CreateModelRequest))]
[JsonSerializable(typeof(UpdateModelRequest))]
[JsonSerializable(typeof(RegisteredModel))]
[JsonSerializable(typeof(IReadOnlyList<RegisteredModel>))]
[JsonSerializable(typeof(CreateVersionRequest))]
[JsonSerializable(typeof(ModelVersion))]
[JsonSerializable(typeof(IReadOnlyList<ModelVersion>))]
[JsonSerializable(typeof(SetAliasRequest))]
[JsonSerializable(typeof(DeploymentRequest))]
[JsonSerializable(typeof(Deployment))]
[JsonSerializable(typeof(ModelLineage))]
public sealed partial class ApiJson : JsonSerializerContext
{
    /// <summary>Gives <paramref name="options"/> (e.g. ASP.NET Core's) the same settings and this context's metadata.</summary>
    public static void Apply(JsonSerializerOptions options)
    {
        var source = Default.Options;
        options.PropertyNamingPolicy = source.PropertyNamingPolicy;
        options.NumberHandling = source.NumberHandling;
        options.RespectNullableAnnotations = source.RespectNullableAnnotations;
        options.RespectRequiredConstructorParameters = source.RespectRequiredConstructorParameters;
        options.Converters.Add(new RunStatusConverter());
        options.TypeInfoResolverChain.Insert(0, Default);
    }

    /// <summary>The wire name of an error kind: <c>not_found</c>, <c>conflict</c>, <c>invalid</c>, <c>corrupt</c>, <c>unavailable</c>.</summary>
    public static string KindName(TrackingErrorKind kind) => kind switch
    {
        TrackingErrorKind.NotFound => "not_found",
        TrackingErrorKind.Conflict => "conflict",
        TrackingErrorKind.Invalid => "invalid",
        TrackingErrorKind.Corrupt => "corrupt",
        _ => "unavailable",
    };

    /// <summary>The error kind a wire name stands for; a status code decides when the name is unknown.</summary>
    internal static TrackingErrorKind KindOf(string? name, int status) => name switch
    {
        "not_found" => TrackingErrorKind.NotFound,
        "conflict" => TrackingErrorKind.Conflict,
        "invalid" or "too_large" or "unsupported_media_type" => TrackingErrorKind.Invalid,
        "corrupt" => TrackingErrorKind.Corrupt,
        "unavailable" => TrackingErrorKind.Unavailable,
        _ => status switch
        {
            404 => TrackingErrorKind.NotFound,
            409 => TrackingErrorKind.Conflict,
            >= 400 and < 500 => TrackingErrorKind.Invalid,
            _ => TrackingErrorKind.Unavailable,
        },
    };
}
