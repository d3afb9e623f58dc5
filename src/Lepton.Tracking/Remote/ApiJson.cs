using System.Text.Json;

namespace Lepton.Tracking.Remote;

/// <summary>
/// The tracking server's wire format: the JSON of the HTTP API, shared by the server and
/// <see cref="HttpMetadataStore"/> so it is defined once. The bodies are the store's own records (<see cref="Run"/>,
/// <see cref="ModelVersion"/>, …) and the request types of this namespace (<see cref="RunStartRequest"/>, …). snake_case
/// names, enums as lowercase strings, nulls written out, and NaN/±∞ as the strings <c>"NaN"</c>, <c>"Infinity"</c>,
/// <c>"-Infinity"</c> (JSON has no literal for them). A missing field without a default and a null where a value
/// is required are errors rather than silent defaults.
/// </summary>
public static class ApiJson
{
    /// <summary>The wire format's settings with the source-generated contract of every body, read-only: for reading and writing bodies directly.</summary>
    public static JsonSerializerOptions Options => ApiJsonContext.Default.Options;

    /// <summary>Gives <paramref name="options"/> (e.g. ASP.NET Core's) the wire format's settings and contract.</summary>
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var source = ApiJsonContext.Default.Options;
        options.PropertyNamingPolicy = source.PropertyNamingPolicy;
        options.NumberHandling = source.NumberHandling;
        options.RespectNullableAnnotations = source.RespectNullableAnnotations;
        options.RespectRequiredConstructorParameters = source.RespectRequiredConstructorParameters;
        options.Converters.Add(new RunStatusConverter());
        options.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
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
