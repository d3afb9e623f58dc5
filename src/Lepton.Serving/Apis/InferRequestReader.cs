using System.Globalization;
using System.Text.Json;
using Lepton.Serving.Batching;
using Lepton.Serving.Hosting;
using Lepton.Serving.Protocol;

namespace Lepton.Serving.Apis;

/// <summary>
/// Reads an Open Inference Protocol request and checks it against a model's input signature. Every problem is a
/// 400 that names the field (<c>inputs[0].shape</c>) and says what is wrong and what was expected.
/// </summary>
internal static class InferRequestReader
{
    public static readonly string[] Datatypes = ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64", "BYTES"];
    private const int MaxInputs = 64;
    private const int MaxRank = 16;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>
    /// Reads a whole request body: JSON, or with <paramref name="headerLength"/> (the <c>Inference-Header-Content-Length</c>
    /// header) a JSON header followed by binary tensor data. Every problem is a <see cref="ServingException"/>; the
    /// entry point for fuzzing.
    /// </summary>
    public static InferRequest Read(ReadOnlyMemory<byte> body, int? headerLength, long maxElements)
    {
        try
        {
            if (headerLength is not { } length)
            {
                if (Utf8InferRequestReader.TryRead(body.Span, maxElements, out var quick)) return quick;
                using var document = JsonDocument.Parse(body, DocumentOptions);
                return Read(document.RootElement, maxElements);
            }
            if (length < 2 || length > body.Length)
                throw Bad($"The {BinaryTensorData.HeaderLengthHeader} header must be the length in bytes of the JSON at the start of the body (2 to {body.Length}), not '{length}'.");
            using var header = JsonDocument.Parse(body[..length], DocumentOptions);
            return Read(header.RootElement, maxElements, new BinaryTensorData(body[length..]));
        }
        catch (JsonException e)
        {
            throw Bad($"The body is not valid JSON: {e.Message}");
        }
    }

    public static InferRequest Read(JsonElement root, long maxElements, BinaryTensorData? binary = null) =>
        Utf8Text.Checked(() => ReadRequest(root, maxElements, binary ?? BinaryTensorData.None));

    private static InferRequest ReadRequest(JsonElement root, long maxElements, BinaryTensorData binary)
    {
        if (root.ValueKind != JsonValueKind.Object) throw Bad($"The body must be a JSON object with \"inputs\", not {Kind(root)}.");
        string? id = null;
        if (root.TryGetProperty("id", out var idElement) && idElement.ValueKind != JsonValueKind.Null)
        {
            if (idElement.ValueKind != JsonValueKind.String) throw Bad($"\"id\" must be a string, not {Kind(idElement)}.");
            id = idElement.GetString();
        }

        double? timeout = null;
        var allBinary = false;
        if (root.TryGetProperty("parameters", out var parameters) && parameters.ValueKind != JsonValueKind.Null)
        {
            if (parameters.ValueKind != JsonValueKind.Object) throw Bad($"\"parameters\" must be an object, not {Kind(parameters)}.");
            if (parameters.TryGetProperty("timeout_ms", out var t))
            {
                if (t.ValueKind != JsonValueKind.Number || !t.TryGetDouble(out var ms) || ms <= 0 || ms > 3_600_000)
                    throw Bad("\"parameters.timeout_ms\" must be a number of milliseconds between 0 and 3600000.");
                timeout = ms;
            }
            allBinary = Flag(parameters, BinaryTensorData.AllOutputsParameter, "parameters");
        }

        if (!root.TryGetProperty("inputs", out var inputsElement)) throw Bad("The request has no \"inputs\": give a list of {\"name\", \"shape\", \"datatype\", \"data\"}.");
        if (inputsElement.ValueKind != JsonValueKind.Array) throw Bad($"\"inputs\" must be a list, not {Kind(inputsElement)}.");
        var count = inputsElement.GetArrayLength();
        if (count == 0) throw Bad("\"inputs\" is empty: give at least one input tensor.");
        if (count > MaxInputs) throw Bad($"\"inputs\" has {count} tensors; at most {MaxInputs} are accepted.");
        var inputs = new List<InferInput>(count);
        var budget = maxElements;
        var index = 0;
        foreach (var element in inputsElement.EnumerateArray())
        {
            var input = ReadInput(element, $"inputs[{index++}]", ref budget, binary);
            if (inputs.Any(i => i.Name == input.Name)) throw Bad($"Input '{input.Name}' is given twice.");
            inputs.Add(input);
        }

        Framing(binary.EnsureAllTaken);

        List<string>? outputs = null;
        var binaryOutputs = new HashSet<string>(StringComparer.Ordinal);
        if (root.TryGetProperty("outputs", out var outputsElement) && outputsElement.ValueKind != JsonValueKind.Null)
        {
            if (outputsElement.ValueKind != JsonValueKind.Array) throw Bad($"\"outputs\" must be a list, not {Kind(outputsElement)}.");
            outputs = [];
            var o = 0;
            foreach (var output in outputsElement.EnumerateArray())
            {
                if (output.ValueKind != JsonValueKind.Object || !output.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                    throw Bad($"outputs[{o}] must be an object with a string \"name\".");
                outputs.Add(name.GetString()!);
                if (output.TryGetProperty("parameters", out var outputParameters) && outputParameters.ValueKind != JsonValueKind.Null)
                {
                    if (outputParameters.ValueKind != JsonValueKind.Object) throw Bad($"outputs[{o}].parameters must be an object, not {Kind(outputParameters)}.");
                    if (Flag(outputParameters, BinaryTensorData.OutputParameter, $"outputs[{o}].parameters")) binaryOutputs.Add(name.GetString()!);
                }
                o++;
            }
        }
        return new InferRequest(id, inputs, outputs, timeout, name => allBinary || binaryOutputs.Contains(name));
    }

    /// <summary>Checks a request against the model's inputs and outputs and makes the queue item.</summary>
    public static InferenceItem ToItem(LoadedModel model, InferRequest request, long deadline)
    {
        if (model.TextColumn is { } column) return TextItem(model, column, request, deadline);
        if (model.Columns is { } columns) return ColumnsItem(model, columns, request, deadline);
        foreach (var spec in model.Inputs)
        {
            if (!request.Inputs.Any(g => g.Name == spec.Name))
                throw Bad($"Input '{spec.Name}' is missing; model '{model.Name}' needs: {Describe(model)}.");
        }
        foreach (var given in request.Inputs)
        {
            if (!model.Inputs.Any(s => s.Name == given.Name))
                throw Bad($"Model '{model.Name}' has no input '{given.Name}'; its inputs are: {Describe(model)}.");
        }
        CheckOutputs(model, request);

        var data = new float[model.Inputs.Count][];
        var shapes = new long[model.Inputs.Count][];
        long batch = -1;
        for (var i = 0; i < model.Inputs.Count; i++)
        {
            var spec = model.Inputs[i];
            var given = request.Inputs.First(g => g.Name == spec.Name); // present: checked above
            if (given.Datatype != spec.Datatype)
                throw Bad($"Input '{spec.Name}' has datatype {given.Datatype}; the model takes {spec.Datatype}.");
            if (given.Shape.Length != spec.SampleShape.Length + 1)
                throw Bad($"Input '{spec.Name}' has shape {Format(given.Shape)}; the model takes {Format(spec.BatchedShape)} (batch first).");
            for (var d = 0; d < spec.SampleShape.Length; d++)
            {
                if (spec.SampleShape[d] != -1 && spec.SampleShape[d] != given.Shape[d + 1])
                    throw Bad($"Input '{spec.Name}' has shape {Format(given.Shape)}; the model takes {Format(spec.BatchedShape)} (dimension {d + 1} must be {spec.SampleShape[d]}).");
            }
            if (batch >= 0 && given.Shape[0] != batch)
                throw Bad($"Input '{spec.Name}' has a batch of {given.Shape[0]} but another input has {batch}; every input needs the same first dimension.");
            batch = given.Shape[0];
            data[i] = given.Data;
            shapes[i] = given.Shape[1..];
        }
        return new InferenceItem(data, shapes, checked((int)batch), deadline);
    }

    private static void CheckOutputs(LoadedModel model, InferRequest request)
    {
        foreach (var name in request.Outputs ?? [])
        {
            if (!model.OutputNames.Contains(name))
                throw Bad($"Model '{model.Name}' has no output '{name}'; its outputs are: {string.Join(", ", model.OutputNames)}.");
        }
    }

    /// <summary>
    /// A model trained on one text column takes a BYTES tensor named after it, shape [rows] or [rows, 1]: each string
    /// becomes a record of that column and goes through the model's pipeline (tokenized as in training).
    /// </summary>
    private static InferenceItem TextItem(LoadedModel model, string column, InferRequest request, long deadline)
    {
        var given = request.Inputs.FirstOrDefault(g => g.Name == column)
            ?? throw Bad($"Input '{column}' is missing; model '{model.Name}' needs: {Describe(model)}.");
        if (request.Inputs.FirstOrDefault(g => g.Name != column) is { } other)
            throw Bad($"Model '{model.Name}' has no input '{other.Name}'; its inputs are: {Describe(model)}.");
        CheckOutputs(model, request);
        if (given.Texts is not { } texts)
            throw Bad($"Input '{column}' has datatype {given.Datatype}; the model takes BYTES: its text, one JSON string per row.");
        if (given.Shape.Length > 2 || (given.Shape.Length == 2 && given.Shape[1] != 1))
            throw Bad($"Input '{column}' has shape {Format(given.Shape)}; the model takes [-1] or [-1, 1]: one string per row.");
        var table = model.Table!;
        float[] features;
        try
        {
            features = table.FeaturesOf([.. texts.Select(t => new System.Text.Json.Nodes.JsonObject { [column] = t })]);
        }
        catch (Lepton.Data.Pipelines.PipelineException e)
        {
            throw Bad($"Input '{column}' cannot be prepared as the model's training text was: {e.Message}");
        }
        return new InferenceItem([.. table.SplitByInput(features)], [.. model.Inputs.Select(s => s.SampleShape)], texts.Length, deadline);
    }

    /// <summary>
    /// A whole table ONNX model takes one tensor per raw column, named after it, shape [rows] or [rows, 1]: BYTES for a
    /// text column, FP64 (or FP32, INT64) for a number column, INT64 for a whole-number one.
    /// </summary>
    private static InferenceItem ColumnsItem(LoadedModel model, IReadOnlyList<Lepton.Export.Runtime.RawColumn> columns, InferRequest request, long deadline)
    {
        foreach (var column in columns)
        {
            if (!request.Inputs.Any(g => g.Name == column.Name))
                throw Bad($"Input '{column.Name}' is missing; model '{model.Name}' needs one tensor per column: {Describe(model)}.");
        }
        if (request.Inputs.FirstOrDefault(g => !columns.Any(c => c.Name == g.Name)) is { } unknown)
            throw Bad($"Model '{model.Name}' has no input '{unknown.Name}'; its inputs are: {Describe(model)}.");
        CheckOutputs(model, request);
        var values = new Array[columns.Count];
        long rows = -1;
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var given = request.Inputs.First(g => g.Name == column.Name);
            var wanted = LoadedModel.Datatype(column.Type);
            var text = column.Type == Lepton.Export.Runtime.RawColumnType.Text;
            if (text != (given.Texts is not null))
                throw Bad($"Input '{column.Name}' has datatype {given.Datatype}; the model takes {wanted}: {(text ? "its text, one JSON string per row" : "one number per row")}.");
            if (given.Shape.Length > 2 || (given.Shape.Length == 2 && given.Shape[1] != 1))
                throw Bad($"Input '{column.Name}' has shape {Format(given.Shape)}; the model takes [-1] or [-1, 1]: one value per row.");
            if (rows >= 0 && given.Shape[0] != rows)
                throw Bad($"Input '{column.Name}' has a batch of {given.Shape[0]} but another input has {rows}; every input needs the same first dimension.");
            rows = given.Shape[0];
            object?[] cells = given.Texts is { } texts ? texts
                : given.Wide is { } wide ? [.. wide.Select(v => (object?)v)]
                : [.. given.Data.Select(v => (object?)(double)v)];
            try
            {
                values[i] = column.Values(cells);
            }
            catch (Lepton.Data.Pipelines.PipelineException e)
            {
                throw Bad($"Input '{column.Name}': {e.Message}");
            }
        }
        return new InferenceItem(values, checked((int)rows), deadline);
    }

    // The protocol's framing reports a body that does not add up as InvalidDataException; to the caller it is a 400.
    private static T Framing<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException e)
        {
            throw ServingException.BadRequest(e.Message);
        }
    }

    private static void Framing(Action read) => Framing(() => { read(); return 0; });

    private static InferInput ReadInput(JsonElement element, string field, ref long budget, BinaryTensorData binary)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Bad($"{field} must be an object with \"name\", \"shape\", \"datatype\" and \"data\", not {Kind(element)}.");
        var name = RequiredString(element, "name", field);
        var datatype = RequiredString(element, "datatype", field);
        if (!Datatypes.Contains(datatype)) throw Bad($"{field}.datatype '{datatype}' is not an Open Inference Protocol datatype ({string.Join(", ", Datatypes)}).");

        if (!element.TryGetProperty("shape", out var shapeElement)) throw Bad($"{field} has no \"shape\".");
        if (shapeElement.ValueKind != JsonValueKind.Array) throw Bad($"{field}.shape must be a list of integers, not {Kind(shapeElement)}.");
        var rank = shapeElement.GetArrayLength();
        if (rank is 0 or > MaxRank) throw Bad($"{field}.shape must have 1 to {MaxRank} dimensions (batch first), not {rank}.");
        var shape = new long[rank];
        long expected = 1;
        var d = 0;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var value) || value < 1)
                throw Bad($"{field}.shape[{d}] must be a positive integer, not {dim.GetRawText()}.");
            shape[d++] = value;
            if (value > budget || expected > budget / value) throw Bad($"{field}.shape {Format(shape[..d])}… holds more values than this server accepts in one request ({budget}).");
            expected *= value;
        }
        if (shape[0] > int.MaxValue) throw Bad($"{field}.shape[0] is too large a batch.");

        if (element.TryGetProperty("parameters", out var parameters) && parameters.ValueKind != JsonValueKind.Null)
        {
            if (parameters.ValueKind != JsonValueKind.Object) throw Bad($"{field}.parameters must be an object, not {Kind(parameters)}.");
            if (parameters.TryGetProperty(BinaryTensorData.SizeParameter, out var size))
            {
                if (size.ValueKind != JsonValueKind.Number || !size.TryGetInt64(out var bytes) || bytes < 0)
                    throw Bad($"{field}.parameters.{BinaryTensorData.SizeParameter} must be a number of bytes, not {size.GetRawText()}.");
                if (element.TryGetProperty("data", out _)) throw Bad($"{field} has both \"data\" and binary data: give one.");
                if (datatype != "FP32") throw Bad($"{field} is {datatype}; binary data is taken for FP32 inputs, which is what Lepton models read.");
                var values = Framing(() => binary.TakeFloats(field, bytes, expected));
                budget -= expected;
                return new InferInput(name, shape, datatype, values);
            }
        }

        if (!element.TryGetProperty("data", out var dataElement)) throw Bad($"{field} has no \"data\".");
        if (datatype == "BYTES") return ReadTexts(name, shape, dataElement, field, expected, ref budget);
        if (dataElement.ValueKind != JsonValueKind.Array) throw Bad($"{field}.data must be a list of numbers, not {Kind(dataElement)}.");
        var wide = datatype is "FP64" or "INT64" ? new double[expected] : null;
        var data = wide is null ? new float[expected] : [];
        // The fast read takes numbers only; booleans, and anything it gives up on, go the slow way, which names the problem.
        if (datatype == "BOOL" || !JsonNumbers.TryRead(dataElement, data, wide, 0, expected, out var n))
        {
            n = 0L;
            Flatten(dataElement, data, wide, ref n, field, datatype);
        }
        if (n != expected)
            throw Bad($"{field}.data has {n} values but shape {Format(shape)} needs {expected}.");
        budget -= expected;
        return new InferInput(name, shape, datatype, data, Wide: wide);
    }

    /// <summary>A BYTES tensor: its elements as JSON strings (the protocol's JSON form of text), flat or nested as its shape.</summary>
    private static InferInput ReadTexts(string name, long[] shape, JsonElement data, string field, long expected, ref long budget)
    {
        if (data.ValueKind != JsonValueKind.Array) throw Bad($"{field}.data must be a list of strings, not {Kind(data)}.");
        var texts = new List<string>();
        void Collect(JsonElement array)
        {
            foreach (var value in array.EnumerateArray())
            {
                if (value.ValueKind == JsonValueKind.Array)
                {
                    Collect(value);
                    continue;
                }
                if (value.ValueKind != JsonValueKind.String) throw Bad($"{field}.data[{texts.Count}] is {Kind(value)}; BYTES data must be strings.");
                texts.Add(value.GetString()!);
                if (texts.Count > expected) throw Bad($"{field}.data has more than the {expected} strings shape {Format(shape)} needs.");
            }
        }
        Collect(data);
        if (texts.Count != expected) throw Bad($"{field}.data has {texts.Count} strings but shape {Format(shape)} needs {expected}.");
        budget -= expected + texts.Sum(t => (long)t.Length) / 4;
        return new InferInput(name, shape, "BYTES", [], [.. texts]);
    }

    private static void Flatten(JsonElement array, float[] into, double[]? wide, ref long n, string field, string datatype)
    {
        foreach (var value in array.EnumerateArray())
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Array:
                    Flatten(value, into, wide, ref n, field, datatype);
                    break;
                case JsonValueKind.Number when wide is not null:
                    if (!value.TryGetDouble(out var wideNumber) || !double.IsFinite(wideNumber))
                        throw Bad($"{field}.data[{n}] is beyond {datatype}'s range; send finite numbers.");
                    if (n < wide.Length) wide[n] = wideNumber;
                    n++;
                    break;
                case JsonValueKind.Number:
                    var number = Fp32(value, $"{field}.data[{n}]");
                    if (n < into.Length) into[n] = number;
                    n++;
                    break;
                case JsonValueKind.True or JsonValueKind.False when datatype == "BOOL":
                    if (n < into.Length) into[n] = value.GetBoolean() ? 1 : 0;
                    n++;
                    break;
                default:
                    throw Bad($"{field}.data[{n}] is {Kind(value)}; {datatype} data must be {(datatype == "BOOL" ? "true/false" : "numbers")}.");
            }
        }
    }

    /// <summary>
    /// A JSON number as FP32: one whose magnitude is beyond <see cref="float.MaxValue"/> would become infinity (and the
    /// answer NaN), so it is a 400 naming <paramref name="field"/>.
    /// </summary>
    public static float Fp32(JsonElement number, string field)
    {
        if (number.TryGetDouble(out var value) && Math.Abs(value) <= float.MaxValue) return (float)value;
        var text = number.GetRawText();
        throw Bad($"{field} is {(text.Length > 40 ? text[..40] + "…" : text)}, outside FP32's range (±3.4e38); send values an FP32 tensor can hold.");
    }

    private static bool Flag(JsonElement parameters, string property, string field)
    {
        if (!parameters.TryGetProperty(property, out var value)) return false;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw Bad($"{field}.{property} must be true or false, not {Kind(value)}."),
        };
    }

    private static string RequiredString(JsonElement element, string property, string field)
    {
        if (!element.TryGetProperty(property, out var value)) throw Bad($"{field} has no \"{property}\".");
        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 and <= 256 } text)
            throw Bad($"{field}.{property} must be a non-empty string, not {Kind(value)}.");
        return text;
    }

    private static string Describe(LoadedModel model) =>
        string.Join(", ", model.WireInputs.Select(s => $"'{s.Name}' ({s.Datatype}, shape {Format(s.BatchedShape)})"));

    private static string Format(long[] shape) => "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static ServingException Bad(string message) => ServingException.BadRequest(message);
}
