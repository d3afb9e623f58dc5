using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton.Serving.Client;
using Lepton.Serving.Protocol;
using Lepton.Web.Deployments;
using Lepton.Web.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Lepton.Web.Playground;

/// <summary>
/// <c>GET /playground[?server=&amp;model=]</c> shows the form; <c>POST</c> the same address sends it to the served model
/// through its prediction route (<see cref="LeptonClient"/>) and shows the answer beside the form, filled as sent.
/// </summary>
internal static class PlaygroundRoutes
{
    /// <summary>The largest image upload the playground forwards (the server's own limit is larger).</summary>
    private const long LargestImage = 16L << 20;

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/playground", Get);
        group.MapPost("/playground", Post).WithMetadata(new RequireAntiforgeryTokenAttribute());
    }

    private static async Task<IResult> Get(HttpContext context, ServingConnections connections, IAntiforgery antiforgery, CancellationToken cancellationToken, [FromQuery] int? server = null, [FromQuery] string? model = null)
    {
        var view = await ReadAsync(connections, antiforgery.GetAndStoreTokens(context), server, model, cancellationToken).ConfigureAwait(false);
        return PageData.Render<PlaygroundPage>(context, view);
    }

    private static async Task<PlaygroundView> ReadAsync(ServingConnections connections, AntiforgeryTokenSet token, int? server, string? model, CancellationToken cancellationToken)
    {
        var choices = await PlaygroundView.ChoicesAsync(connections, cancellationToken).ConfigureAwait(false);
        if (server is null || string.IsNullOrEmpty(model)) return new PlaygroundView(choices, null, null, null, new Dictionary<string, string>(), null, null, null, token);
        try
        {
            var metadata = await connections.Client(server.Value).GetModelAsync(model, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new PlaygroundView(choices, server, model, metadata, new Dictionary<string, string>(), null, null, null, token);
        }
        catch (Exception e) when (ServingConnections.Failed(e))
        {
            return new PlaygroundView(choices, server, model, null, new Dictionary<string, string>(), null, null, $"Cannot read {model}'s inputs: {ServingConnections.Reason(e)}", token);
        }
    }

    private static async Task<IResult> Post(HttpContext context, ServingConnections connections, IAntiforgery antiforgery, CancellationToken cancellationToken, [FromQuery] int server, [FromQuery] string model)
    {
        var view = await ReadAsync(connections, antiforgery.GetAndStoreTokens(context), server, model, cancellationToken).ConfigureAwait(false);
        if (view.Metadata is not { } metadata) return PageData.Render<PlaygroundPage>(context, view);
        var form = await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        var values = form.Where(f => f.Key.StartsWith("col.", StringComparison.Ordinal) || f.Key == "instance")
            .ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var client = connections.Client(server);
        try
        {
            switch (metadata.PredictInput)
            {
                case ModelMetadataResponse.ImageInput:
                    var file = form.Files.GetFile("image") ?? throw new DashboardException(StatusCodes.Status400BadRequest, "Choose an image to upload.");
                    if (file.Length > LargestImage) throw new DashboardException(StatusCodes.Status413PayloadTooLarge, $"The image is {file.Length:N0} bytes; the playground takes up to {LargestImage:N0}.");
                    using (var buffer = new MemoryStream())
                    {
                        await file.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                        return Answer(context, view with { Answer = await client.PredictImageAsync(model, buffer.ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false) });
                    }

                case ModelMetadataResponse.RecordsInput:
                    var record = Record(metadata, values);
                    if (metadata.Task == ModelMetadataResponse.MultiOutputTask)
                        return Answer(context, view with { Values = values, Outputs = await client.PredictTableOutputsAsync(model, [record], cancellationToken: cancellationToken).ConfigureAwait(false) });
                    return Answer(context, view with { Values = values, Answer = await client.PredictTableAsync(model, [record], cancellationToken: cancellationToken).ConfigureAwait(false) });

                default:
                    var numbers = Numbers(values.GetValueOrDefault("instance"));
                    return Answer(context, view with { Values = values, Answer = await client.PredictAsync(model, [numbers], cancellationToken: cancellationToken).ConfigureAwait(false) });
            }
        }
        catch (Exception e) when (ServingConnections.Failed(e) || e is DashboardException)
        {
            // The served model's own refusal (a missing column, a value it cannot take) is what a user of it would get.
            return Answer(context, view with { Values = values, Error = e is DashboardException ? e.Message : $"The server answered: {ServingConnections.Reason(e)}" });
        }
    }

    private static IResult Answer(HttpContext context, PlaygroundView view) => PageData.Render<PlaygroundPage>(context, view);

    /// <summary>A table record from the form: each filled field typed as its column's kind; an empty field is left out, for the pipeline's default.</summary>
    private static Dictionary<string, JsonNode?> Record(ModelMetadataResponse metadata, IReadOnlyDictionary<string, string> values)
    {
        var record = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var column in metadata.Columns ?? [])
        {
            var text = values.GetValueOrDefault("col." + column.Name)?.Trim();
            if (string.IsNullOrEmpty(text)) continue;
            record[column.Name] = column.Kind switch
            {
                "integer" or "float" => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? JsonValue.Create(number)
                    : throw new DashboardException(StatusCodes.Status400BadRequest, $"{column.Name} is '{text}', not a number."),
                "boolean" => JsonValue.Create(text is "true" or "True" or "1"),
                _ => JsonValue.Create(text),
            };
        }

        return record;
    }

    /// <summary>One instance's numbers from the form: a JSON array (nested as the input's shape, flattened) or numbers separated by commas or spaces.</summary>
    private static float[] Numbers(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new DashboardException(StatusCodes.Status400BadRequest, "Type the instance's numbers: a JSON array such as [0.1, 2, 3], or numbers separated by commas.");
        var trimmed = text.Trim();
        if (trimmed.StartsWith('['))
        {
            try
            {
                using var document = JsonDocument.Parse(trimmed);
                var flat = new List<float>();
                Flatten(document.RootElement, flat);
                return [.. flat];
            }
            catch (JsonException e)
            {
                throw new DashboardException(StatusCodes.Status400BadRequest, $"The instance is not a JSON array of numbers: {e.Message}");
            }
        }

        return trimmed.Split([',', ' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select((t, i) => float.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw new DashboardException(StatusCodes.Status400BadRequest, $"Value {i + 1} of the instance is '{t}', not a number."))
            .ToArray();
    }

    private static void Flatten(JsonElement element, List<float> into)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray()) Flatten(item, into);
            return;
        }

        into.Add(element.ValueKind == JsonValueKind.Number ? element.GetSingle() : throw new DashboardException(StatusCodes.Status400BadRequest, $"The instance holds {element.GetRawText()}, not a number."));
    }
}
