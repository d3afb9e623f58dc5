using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lepton.Serving.Protocol;

/// <summary>The JSON conventions of the server and the client: snake_case names (as the Open Inference Protocol), nulls left out.</summary>
public static class ProtocolJson
{
    /// <summary>Options with the protocol's conventions, for reading and writing its messages (read-only: shared by every caller).</summary>
    public static JsonSerializerOptions Options { get; } = ReadOnly(Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web)));

    /// <summary>Applies the protocol's conventions to <paramref name="options"/> (e.g. ASP.NET Core's HTTP JSON options) and returns them.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        options.MaxDepth = 64;
        return options;
    }

    private static JsonSerializerOptions ReadOnly(JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
