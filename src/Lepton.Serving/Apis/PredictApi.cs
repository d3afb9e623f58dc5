using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton.Data.Pipelines;
using Lepton.Serving.Batching;
using Lepton.Serving.Hosting;
using Lepton.Serving.Observability;
using Lepton.Serving.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using SkiaSharp;
using static TorchSharp.torch;

namespace Lepton.Serving.Apis;

/// <summary>
/// The simple route: images (multipart upload or a raw PNG/JPEG body, preprocessed with the format saved in the
/// model) or JSON <c>{"instances": [...]}</c> in, class names and probabilities out.
/// </summary>
internal static class PredictApi
{
    private const int MaxTop = 1000;
    private const int MaxExamples = 1024;
    private const long MaxPixels = 40_000_000;

    public static IEndpointRouteBuilder MapPredictApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/models/{name}").WithTags("Predictions").RequireModelKey();
        group.MapPost("/predict", (string name, HttpContext context, ModelHost host, ServingOptions options, ServingMetrics metrics) => PredictAsync(context, host, options, metrics, name, null))
            .WithName("Predict").WithSummary("Classifies images (multipart field 'image', or a raw image/png or image/jpeg body) or JSON instances; returns class names and probabilities.")
            .Accepts<JsonElement>("application/json", "multipart/form-data", "image/png", "image/jpeg", "application/octet-stream")
            .Produces<PredictResponse>().Produces<ErrorResponse>(400).Produces<ErrorResponse>(415);
        group.MapPost("/versions/{version}/predict", (string name, string version, HttpContext context, ModelHost host, ServingOptions options, ServingMetrics metrics) => PredictAsync(context, host, options, metrics, name, version))
            .WithName("PredictVersion").WithSummary("Like /predict, with one pinned version.")
            .Accepts<JsonElement>("application/json", "multipart/form-data", "image/png", "image/jpeg", "application/octet-stream")
            .Produces<PredictResponse>().Produces<ErrorResponse>(400).Produces<ErrorResponse>(415);
        return app;
    }

    private static Task<IResult> PredictAsync(HttpContext context, ModelHost host, ServingOptions options, ServingMetrics metrics, string name, string? version) =>
        MeasuredRequest.RunAsync(context, host, metrics, name, async answered =>
        {
            var top = Top(context.Request);
            var body = await ReadBodyAsync(context.Request, options, context.RequestAborted).ConfigureAwait(false);
            using var instances = body.Instances;
            var timeout = OpenInferenceApi.Timeout(context.Request, null, options);
            var budget = options.MaxRequestBodyBytes / 2;
            var explain = Explanations.Wanted(context.Request, instances);
            InferenceItem? asked = null;
            var (model, result) = InferenceAnswers.ResultOrThrow(name,
                await host.InferAsync(name, version, (m, deadline) =>
                {
                    var item = ToItem(m, body, budget, deadline);
                    if (explain) Explanations.Check(m, item.Samples);
                    return asked = item;
                }, timeout, context.RequestAborted).ConfigureAwait(false));
            answered(model.Version);
            if (model.Heads.Count > 0) return TypedResults.Json(new MultiOutputPredictResponse(name, model.Version, OutputPredictions(model, result, top)), ProtocolJson.Options);
            var predictions = Predictions(model, result, top);
            if (explain && asked is not null)
            {
                var explanations = await Explanations.ExplainAsync(model, asked, context.RequestAborted).ConfigureAwait(false);
                predictions = [.. predictions.Select((p, i) => p with { Explanation = explanations[i] })];
            }
            return TypedResults.Json(new PredictResponse(name, model.Version, predictions), ProtocolJson.Options);
        });

    /// <summary>What the body held: image files, or JSON instances.</summary>
    private sealed record PredictBody(IReadOnlyList<(string Source, byte[] Bytes)> Images, JsonDocument? Instances);

    private static async Task<PredictBody> ReadBodyAsync(HttpRequest request, ServingOptions options, CancellationToken cancellationToken)
    {
        var type = request.ContentType ?? "";
        if (request.HasFormContentType)
        {
            // The form limits go with the request, not the host's FormOptions, which other routes of a shared app may need otherwise.
            var limits = new FormOptions { MultipartBodyLengthLimit = options.MaxRequestBodyBytes, ValueCountLimit = 64 };
            var form = await ReadFormAsync(request, limits, cancellationToken).ConfigureAwait(false);
            var files = form.Files.GetFiles("image") is { Count: > 0 } named ? named : form.Files;
            if (files.Count == 0) throw ServingException.BadRequest("The form has no file: upload the image in a field named 'image'.");
            var images = new List<(string, byte[])>();
            foreach (var file in files)
            {
                using var stream = new MemoryStream();
                await file.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
                images.Add((file.FileName, stream.ToArray()));
            }
            return new PredictBody(images, null);
        }
        if (type.StartsWith("image/", StringComparison.OrdinalIgnoreCase) || type.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            using var stream = new MemoryStream();
            await request.Body.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
            if (stream.Length == 0) throw ServingException.BadRequest("The body is empty: send the image's bytes.");
            return new PredictBody([("body", stream.ToArray())], null);
        }
        if (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return new PredictBody([], await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 64 }, cancellationToken).ConfigureAwait(false));
        throw new ServingException(StatusCodes.Status415UnsupportedMediaType,
            $"Send an image (multipart/form-data with a field 'image', or a body of type image/png or image/jpeg) or JSON instances, not '{(type.Length == 0 ? "no content type" : type)}'.");
    }

    /// <summary>
    /// Reads the multipart form; a body that breaks the multipart format is the caller's mistake, a 400 naming what
    /// is wrong. The server's own limits and timeouts (413, 408) and a client that left pass through as they are.
    /// </summary>
    private static async Task<IFormCollection> ReadFormAsync(HttpRequest request, FormOptions limits, CancellationToken cancellationToken)
    {
        var multipart = request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true;
        var boundary = MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ? HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value : null;
        if (multipart && string.IsNullOrWhiteSpace(boundary))
            throw ServingException.BadRequest("The multipart body has no boundary: send Content-Type 'multipart/form-data; boundary=…' with the boundary that separates its parts.");
        try
        {
            return await request.ReadFormAsync(limits, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException)
        {
            throw;
        }
        catch (InvalidDataException e) when (e.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase))
        {
            throw new ServingException(StatusCodes.Status413PayloadTooLarge, "The multipart body is larger than this server accepts; send fewer or smaller images.");
        }
        catch (InvalidDataException e)
        {
            throw ServingException.BadRequest($"The multipart body is malformed ({e.Message}); send each part as '--{boundary}', its headers (Content-Disposition: form-data; name=\"image\"; filename=…), a blank line and its bytes, and end with '--{boundary}--'.");
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            throw ServingException.BadRequest(multipart
                ? $"The multipart body ends before its closing boundary '--{boundary}--'; send the whole body."
                : "The form body ends before its declared length; send the whole body.");
        }
    }

    private static InferenceItem ToItem(LoadedModel model, PredictBody body, long budget, long deadline)
    {
        if (body.Instances is { } json) return FromInstances(model, json.RootElement, budget, deadline);
        if (model.Inputs.Count != 1) throw ServingException.BadRequest($"Model '{model.Name}' takes {model.Inputs.Count} inputs, so an image alone is not enough; send JSON instances naming each input.");

        var format = model.ImageFormat ?? throw ServingException.BadRequest($"Model '{model.Name}' does not take images (its file has no image preprocessing); send JSON instances instead.");
        var length = format.Channels * format.Height * format.Width;
        if (body.Images.Count > MaxExamples || (long)body.Images.Count * length > budget)
            throw ServingException.BadRequest($"{body.Images.Count} images are more than one request may carry ({Math.Min(MaxExamples, budget / length)}); split them.");
        var values = new float[body.Images.Count * length];
        for (var i = 0; i < body.Images.Count; i++)
        {
            var (source, bytes) = body.Images[i];
            CheckDimensions(source, bytes);
            try
            {
                using var scope = NewDisposeScope();
                using var image = format.Decode(bytes, source);
                image.data<float>().CopyTo(values, i * length);
            }
            catch (InvalidDataException)
            {
                throw ServingException.BadRequest($"'{source}' is not an image this server can decode (PNG, JPEG, BMP, GIF, WebP).");
            }
        }
        return new InferenceItem([values], [format.Shape.Dimensions], body.Images.Count, deadline);
    }

    /// <summary>Reads only the image header, so a small file that decodes to a huge bitmap is refused before decoding.</summary>
    private static void CheckDimensions(string source, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var codec = SKCodec.Create(stream)
            ?? throw ServingException.BadRequest($"'{source}' is not an image this server can decode (PNG, JPEG, BMP, GIF, WebP).");
        if ((long)codec.Info.Width * codec.Info.Height > MaxPixels)
            throw ServingException.BadRequest($"'{source}' is {codec.Info.Width}x{codec.Info.Height} pixels, more than this server decodes ({MaxPixels / 1_000_000} megapixels); send a smaller image.");
    }

    /// <summary>
    /// Reads <c>{"instances": [...]}</c>: each instance a list of numbers (single-input models) or a record naming
    /// every input, <c>{"image": [...], "features": [...]}</c>, its values flat or nested as the input's shape.
    /// </summary>
    /// <remarks>The entry point for fuzzing the route's JSON: every problem is a <see cref="ServingException"/>.</remarks>
    internal static InferenceItem FromInstances(LoadedModel model, JsonElement root, long budget, long deadline) =>
        Utf8Text.Checked(() => ReadInstances(model, root, budget, deadline));

    private static InferenceItem ReadInstances(LoadedModel model, JsonElement root, long budget, long deadline)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("instances", out var instances) || instances.ValueKind != JsonValueKind.Array)
            throw ServingException.BadRequest("The JSON body must be {\"instances\": [example, …]}, each example a list of numbers or a record {\"INPUT\": [numbers], …}.");
        if (model.Columns is { } columns) return FromColumns(model, columns, instances, budget, deadline);
        var specs = model.Inputs;
        if (specs.FirstOrDefault(s => s.SampleShape.Any(d => d == -1)) is { } variable)
            throw ServingException.BadRequest($"Model '{model.Name}' input '{variable.Name}' has a variable dimension; use /v2/models/{model.Name}/infer with an explicit shape.");
        var lengths = specs.Select(s => s.SampleShape.Aggregate(1L, (a, b) => a * b)).ToArray();
        var count = instances.GetArrayLength();
        if (count == 0) throw ServingException.BadRequest("\"instances\" is empty.");
        if (count > MaxExamples || (long)count * lengths.Sum() > budget)
            throw ServingException.BadRequest($"{count} instances are more than one request may carry (at most {Math.Min(MaxExamples, budget / lengths.Sum())}); split them.");
        if (model.Table is { } table && instances[0].ValueKind == JsonValueKind.Object && instances[0].EnumerateObject().Any(p => !specs.Any(s => s.Name == p.Name)))
            return FromRecords(model, table, instances, deadline);
        if (model.Table is { } texts && model.TextColumn is { } column && instances[0].ValueKind == JsonValueKind.String)
            return FromRecords(model, texts, instances, deadline, column);
        var values = lengths.Select(l => new float[count * l]).ToArray();
        var i = 0;
        foreach (var instance in instances.EnumerateArray())
        {
            if (instance.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in instance.EnumerateObject())
                {
                    if (!specs.Any(s => s.Name == property.Name))
                        throw ServingException.BadRequest($"instances[{i}] names '{property.Name}', which is not an input of model '{model.Name}' ({string.Join(", ", specs.Select(s => s.Name))}).");
                }
                for (var k = 0; k < specs.Count; k++)
                {
                    if (!instance.TryGetProperty(specs[k].Name, out var field))
                        throw ServingException.BadRequest($"instances[{i}] has no '{specs[k].Name}'; model '{model.Name}' needs {string.Join(", ", specs.Select(s => s.Name))}.");
                    Read(field, values[k], i, lengths[k], specs[k], $"instances[{i}].{specs[k].Name}");
                }
            }
            else if (specs.Count == 1)
            {
                Read(instance, values[0], i, lengths[0], specs[0], $"instances[{i}]");
            }
            else
            {
                throw ServingException.BadRequest($"Model '{model.Name}' takes several inputs; give instances[{i}] as a record {{{string.Join(", ", specs.Select(s => $"\"{s.Name}\": [...]"))}}}.");
            }
            i++;
        }
        return new InferenceItem(values, specs.Select(s => s.SampleShape).ToArray(), count, deadline);
    }

    /// <summary>
    /// Records named as the training table's columns, <c>{"age": 31, "city": "Paris"}</c>: the table pipeline saved in
    /// the model file turns them into the model's features, as it did the training table.
    /// </summary>
    /// <remarks>A model of one text column also takes plain strings, <c>{"instances": ["text", …]}</c> (<paramref name="textColumn"/>).</remarks>
    private static InferenceItem FromRecords(LoadedModel model, TablePreprocessing table, JsonElement instances, long deadline, string? textColumn = null)
    {
        var sizes = table.InputSizes;
        if (model.Inputs.Count != sizes.Count || model.Inputs.Where((s, i) => s.SampleShape.Length != 1 || s.SampleShape[0] != sizes[i]).Any())
            throw ServingException.BadRequest($"Model '{model.Name}' has a table pipeline of {table.Features.Count} features, but its inputs are not vectors of those lengths; send its inputs by name instead.");
        var records = Records(instances, table.Pipeline.InputColumns, textColumn);
        try
        {
            return new InferenceItem([.. table.SplitByInput(table.FeaturesOf(records))], [.. model.Inputs.Select(s => s.SampleShape)], records.Count, deadline);
        }
        catch (PipelineException e)
        {
            throw ServingException.BadRequest($"The records cannot be prepared as the model's training data was: {e.Message}");
        }
    }

    /// <summary>
    /// Records for a whole table ONNX model, whose pipeline is in its graph: read as for a <c>.lepton</c> table model,
    /// then each column typed as the graph's input (numbers, text), every column required.
    /// </summary>
    private static InferenceItem FromColumns(LoadedModel model, IReadOnlyList<Lepton.Export.Runtime.RawColumn> columns, JsonElement instances, long budget, long deadline)
    {
        var count = instances.GetArrayLength();
        if (count == 0) throw ServingException.BadRequest("\"instances\" is empty.");
        if (count > MaxExamples || (long)count * columns.Count > budget)
            throw ServingException.BadRequest($"{count} instances are more than one request may carry (at most {Math.Min(MaxExamples, budget / columns.Count)}); split them.");
        var names = columns.Select(c => c.Name).ToList();
        var records = Records(instances, names, names is [var single] && columns[0].Type == Lepton.Export.Runtime.RawColumnType.Text ? single : null);
        try
        {
            return new InferenceItem(Lepton.Export.Runtime.OnnxModel.ColumnValues(columns, records), records.Count, deadline);
        }
        catch (PipelineException e)
        {
            throw ServingException.BadRequest($"The records cannot be fed to model '{model.Name}': {e.Message}");
        }
    }

    /// <summary>The instances as records of the training table's columns (for a model of one text column, plain strings are records of it).</summary>
    private static List<JsonObject> Records(JsonElement instances, IReadOnlyList<string> columns, string? textColumn)
    {
        var records = new List<JsonObject>();
        foreach (var instance in instances.EnumerateArray())
        {
            if (textColumn is not null && instance.ValueKind == JsonValueKind.String)
            {
                records.Add(new JsonObject { [textColumn] = instance.GetString() });
                continue;
            }
            if (instance.ValueKind != JsonValueKind.Object)
                throw ServingException.BadRequest($"instances[{records.Count}] is {instance.ValueKind.ToString().ToLowerInvariant()}; give every instance as a record of the training table's columns ({string.Join(", ", columns)}).");
            records.Add(JsonObject.Create(instance)!);
        }
        return records;
    }

    private static void Read(JsonElement element, float[] into, int instance, long length, Batching.InputSpec spec, string field)
    {
        // Straight from the UTF-8 bytes when every value is a number FP32 holds; otherwise the slow way, which names the problem.
        if (element.ValueKind != JsonValueKind.Array || !JsonNumbers.TryRead(element, into, null, instance * length, length, out var n))
        {
            n = 0L;
            Collect(element, into, instance * length, length, ref n, field);
        }
        if (n != length) throw ServingException.BadRequest($"{field} has {n} values; input '{spec.Name}' takes {length} (shape [{string.Join(", ", spec.SampleShape)}]).");
    }

    private static void Collect(JsonElement element, float[] into, long offset, long length, ref long n, string field)
    {
        if (element.ValueKind == JsonValueKind.Number)
        {
            var value = InferRequestReader.Fp32(element, $"{field}[{n}]");
            if (n < length) into[offset + n] = value;
            n++;
            return;
        }
        if (element.ValueKind != JsonValueKind.Array) throw ServingException.BadRequest($"{field} must hold only numbers, found {element.ValueKind.ToString().ToLowerInvariant()}.");
        foreach (var value in element.EnumerateArray()) Collect(value, into, offset, length, ref n, field);
    }

    private static List<Prediction> Predictions(LoadedModel model, InferenceResult result, int top)
    {
        if (result.SampleShape.Length != 1)
            throw ServingException.BadRequest($"Model '{model.Name}' does not output class scores (its output per example has shape [{string.Join(", ", result.SampleShape)}]); use /v2/models/{model.Name}/infer.");
        var scores = result.Probabilities ?? result.Outputs;
        var classes = (int)result.SampleShape[0];
        var predictions = new List<Prediction>(result.Samples);
        for (var s = 0; s < result.Samples; s++)
        {
            var row = scores.AsSpan(s * classes, classes).ToArray();
            var ranked = row.Select((p, i) => new ClassScore(Label(model, i), i, p)).OrderByDescending(c => c.Probability).Take(top).ToList();
            predictions.Add(new Prediction(ranked[0].Label, ranked[0].Probability, ranked));
        }
        return predictions;
    }

    /// <summary>A multi-task model's answer: per example, each output's class (with its top classes) or value, by output name.</summary>
    private static List<IReadOnlyDictionary<string, OutputPrediction>> OutputPredictions(LoadedModel model, InferenceResult result, int top)
    {
        var heads = model.Heads.Select(h => (Head: h, Values: model.OutputTensor(h.Name, result).Values)).ToList();
        var predictions = new List<IReadOnlyDictionary<string, OutputPrediction>>(result.Samples);
        for (var s = 0; s < result.Samples; s++)
        {
            var row = new Dictionary<string, OutputPrediction>(heads.Count, StringComparer.Ordinal);
            foreach (var (head, values) in heads)
            {
                var part = values.AsSpan(s * head.Width, head.Width).ToArray();
                if (!head.IsClassification)
                {
                    row[head.Name] = new OutputPrediction(Value: part[0]);
                    continue;
                }
                var ranked = part.Select((p, i) => new ClassScore(head.ClassNames[i], i, p)).OrderByDescending(c => c.Probability).Take(top).ToList();
                row[head.Name] = new OutputPrediction(ranked[0].Label, ranked[0].Probability, ranked);
            }
            predictions.Add(row);
        }
        return predictions;
    }

    private static string Label(LoadedModel model, int index) =>
        index < model.ClassNames.Count ? model.ClassNames[index] : index.ToString(CultureInfo.InvariantCulture);

    private static int Top(HttpRequest request)
    {
        var text = request.Query["top"].ToString();
        if (text.Length == 0) return 5;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var top) || top is < 1 or > MaxTop)
            throw ServingException.BadRequest($"'top' must be a whole number from 1 to {MaxTop}, not '{text}'.");
        return top;
    }
}
