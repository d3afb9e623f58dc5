using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lepton.Serving;

/// <summary>The JSON conventions of the server and the client: snake_case names (as the Open Inference Protocol), nulls left out.</summary>
internal static class ServingJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        options.MaxDepth = 64;
        return options;
    }
}
