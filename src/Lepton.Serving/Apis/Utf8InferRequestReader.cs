using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Lepton.Serving.Apis;

/// <summary>
/// The quick way through a JSON inference request: one pass of a <see cref="Utf8JsonReader"/> over the body's UTF-8
/// bytes, FP32 <c>data</c> parsed straight into the input's array, no <see cref="JsonDocument"/> and no
/// <see cref="JsonElement"/> per number. It takes only what it is sure of (FP32 inputs whose <c>shape</c> and
/// <c>datatype</c> come before <c>data</c>, outputs by name, no <c>parameters</c>, every value valid) and otherwise gives
/// up: <see cref="InferRequestReader"/> then reads the body the thorough way, which accepts the same requests with the
/// same result and names the problem of any other. So every error message stays where it was.
/// </summary>
internal static class Utf8InferRequestReader
{
    private const int MaxInputs = 64;
    private const int MaxRank = 16;
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    /// <summary>The request, when the body is one the quick way reads; false sends it the thorough way.</summary>
    public static bool TryRead(ReadOnlySpan<byte> body, long maxElements, [NotNullWhen(true)] out InferRequest? request)
    {
        request = null;
        try
        {
            return TryReadRequest(body, maxElements, out request);
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // A string that is not UTF-8 (or not a string): the thorough way says which.
            return false;
        }
    }

    private static bool TryReadRequest(ReadOnlySpan<byte> body, long maxElements, [NotNullWhen(true)] out InferRequest? request)
    {
        request = null;
        var reader = new Utf8JsonReader(body, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        string? id = null;
        List<InferInput>? inputs = null;
        List<string>? outputs = null;
        bool seenId = false, seenInputs = false, seenOutputs = false, seenParameters = false;
        var budget = maxElements;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                if (!First(ref seenId) || !reader.Read()) return false;
                if (reader.TokenType == JsonTokenType.String) id = reader.GetString();
                else if (reader.TokenType != JsonTokenType.Null) return false;
            }
            else if (reader.ValueTextEquals("inputs"u8))
            {
                if (!First(ref seenInputs) || !reader.Read() || !TryReadInputs(ref reader, ref budget, out inputs)) return false;
            }
            else if (reader.ValueTextEquals("outputs"u8))
            {
                if (!First(ref seenOutputs) || !reader.Read()) return false;
                if (reader.TokenType != JsonTokenType.Null && !TryReadOutputs(ref reader, out outputs)) return false;
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                // Timeouts and binary outputs are the thorough reader's to check.
                if (!First(ref seenParameters) || !reader.Read() || reader.TokenType != JsonTokenType.Null) return false;
            }
            else if (!reader.Read() || !reader.TrySkip())
            {
                return false;
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject || inputs is null || reader.Read()) return false;
        request = new InferRequest(id, inputs, outputs, null, static _ => false);
        return true;
    }

    private static bool TryReadInputs(ref Utf8JsonReader reader, ref long budget, [NotNullWhen(true)] out List<InferInput>? inputs)
    {
        inputs = null;
        if (reader.TokenType != JsonTokenType.StartArray) return false;
        var list = new List<InferInput>(1);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (list.Count == MaxInputs || !TryReadInput(ref reader, ref budget, out var input)) return false;
            foreach (var other in list)
            {
                if (other.Name == input.Name) return false;
            }
            list.Add(input);
        }
        if (list.Count == 0) return false;
        inputs = list;
        return true;
    }

    private static bool TryReadInput(ref Utf8JsonReader reader, ref long budget, [NotNullWhen(true)] out InferInput? input)
    {
        input = null;
        if (reader.TokenType != JsonTokenType.StartObject) return false;
        string? name = null, datatype = null;
        long[]? shape = null;
        float[]? data = null;
        var expected = 0L;
        var seenParameters = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                if (name is not null || !reader.Read() || reader.TokenType != JsonTokenType.String) return false;
                name = reader.GetString();
                if (name is not { Length: > 0 and <= 256 }) return false;
            }
            else if (reader.ValueTextEquals("datatype"u8))
            {
                if (datatype is not null || !reader.Read() || reader.TokenType != JsonTokenType.String) return false;
                datatype = reader.GetString();
                if (datatype != "FP32") return false;
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                if (shape is not null || !reader.Read() || !TryReadShape(ref reader, budget, out shape, out expected)) return false;
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                // Data before its shape and datatype, or given twice: the thorough reader.
                if (data is not null || shape is null || datatype is null || !reader.Read()) return false;
                data = new float[expected];
                if (!TryReadNumbers(ref reader, data)) return false;
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                if (seenParameters || !reader.Read() || reader.TokenType != JsonTokenType.Null) return false;
                seenParameters = true;
            }
            else if (!reader.Read() || !reader.TrySkip())
            {
                return false;
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject || name is null || data is null) return false;
        budget -= expected;
        input = new InferInput(name, shape!, datatype!, data);
        return true;
    }

    /// <summary>1 to 16 positive whole dimensions whose product this request's budget holds (the thorough reader's checks).</summary>
    private static bool TryReadShape(ref Utf8JsonReader reader, long budget, [NotNullWhen(true)] out long[]? shape, out long expected)
    {
        shape = null;
        expected = 1;
        if (reader.TokenType != JsonTokenType.StartArray) return false;
        Span<long> dims = stackalloc long[MaxRank];
        var rank = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (rank == MaxRank || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var value) || value < 1) return false;
            if (value > budget || expected > budget / value) return false;
            expected *= value;
            dims[rank++] = value;
        }
        if (rank == 0 || dims[0] > int.MaxValue) return false;
        shape = dims[..rank].ToArray();
        return true;
    }

    /// <summary>Exactly <c>into.Length</c> numbers FP32 holds, flat or nested in lists, row-major.</summary>
    private static bool TryReadNumbers(ref Utf8JsonReader reader, float[] into)
    {
        if (reader.TokenType != JsonTokenType.StartArray) return false;
        var depth = reader.CurrentDepth;
        var n = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.EndArray when reader.CurrentDepth == depth:
                    return n == into.Length;
                case JsonTokenType.StartArray or JsonTokenType.EndArray:
                    continue;
                case JsonTokenType.Number when n < into.Length && reader.TryGetDouble(out var value) && Math.Abs(value) <= float.MaxValue:
                    into[n++] = (float)value;
                    continue;
                default:
                    return false;
            }
        }
        return false;
    }

    private static bool TryReadOutputs(ref Utf8JsonReader reader, [NotNullWhen(true)] out List<string>? outputs)
    {
        outputs = null;
        if (reader.TokenType != JsonTokenType.StartArray) return false;
        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject) return false;
            string? name = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("name"u8))
                {
                    if (name is not null || !reader.Read() || reader.TokenType != JsonTokenType.String) return false;
                    name = reader.GetString();
                }
                else if (reader.ValueTextEquals("parameters"u8))
                {
                    // Binary outputs: the thorough reader.
                    return false;
                }
                else if (!reader.Read() || !reader.TrySkip())
                {
                    return false;
                }
            }
            if (name is null) return false;
            list.Add(name);
        }
        outputs = list;
        return true;
    }

    private static bool First(ref bool seen)
    {
        if (seen) return false;
        seen = true;
        return true;
    }
}
