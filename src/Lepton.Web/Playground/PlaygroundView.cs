using Lepton.Serving.Protocol;
using Lepton.Web.Deployments;
using Microsoft.AspNetCore.Antiforgery;

namespace Lepton.Web.Playground;

/// <summary>
/// The playground: every model the configured servers have loaded, and for the chosen one a form built from what its
/// prediction route takes (an image upload, a field per table column, or numbers), then the answer as a user of the
/// served model gets it: the class with its probability and the top classes, or each output's.
/// </summary>
internal sealed record PlaygroundView(
    IReadOnlyList<(int Server, ServingEndpoint Endpoint, string Model)> Choices,
    int? Server,
    string? Model,
    ModelMetadataResponse? Metadata,
    IReadOnlyDictionary<string, string> Values,
    PredictResponse? Answer,
    MultiOutputPredictResponse? Outputs,
    string? Error,
    AntiforgeryTokenSet Token)
{
    public static async Task<IReadOnlyList<(int, ServingEndpoint, string)>> ChoicesAsync(ServingConnections connections, CancellationToken cancellationToken)
    {
        var choices = new List<(int, ServingEndpoint, string)>();
        for (var i = 0; i < connections.Count; i++)
        {
            try
            {
                var loaded = await connections.Client(i).ListLoadedModelsAsync(cancellationToken).ConfigureAwait(false);
                choices.AddRange(loaded.Select(m => m.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(m => (i, connections.Endpoint(i), m)));
            }
            catch (Exception e) when (ServingConnections.Failed(e))
            {
                // A server that does not answer offers nothing to try; the deployments page says why.
            }
        }

        return choices;
    }

    public string ChoiceLink(int server, string model) => $"/playground?server={server}&model={Uri.EscapeDataString(model)}";

    public string? Value(string name) => Values.GetValueOrDefault(name);
}
