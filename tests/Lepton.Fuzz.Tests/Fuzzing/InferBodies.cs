using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace Lepton.Fuzz.Tests.Fuzzing;

/// <summary>
/// Open Inference Protocol bodies built from their parts, so most are well-formed JSON that reaches the checks of
/// shapes, datatypes and values rather than the JSON parser: shapes with zero, negative and huge dimensions, data
/// nested or flat, too short or too long, with values beyond FP32.
/// </summary>
internal static class InferBodies
{
    private static readonly Gen<JsonNode?> Number = Gen.OneOf(
        Gen.Double.Select(d => double.IsFinite(d) ? (JsonNode?)d : null),
        Gen.OneOf<JsonNode?>(0, -1, 1e38, 3.5e38, long.MaxValue, true, "1", null),
        Gen.Float.Select(f => float.IsFinite(f) ? (JsonNode?)f : 0));

    private static readonly Gen<long> Dimension = Gen.Frequency(
        (6, Gen.Long[1, 4]),
        (1, Gen.OneOf(0L, -1L, int.MaxValue, int.MaxValue + 1L, long.MaxValue, 1L << 31, 1L << 62)));

    private static readonly Gen<JsonObject> Input =
        from name in Gen.OneOf("input", "a", "b", "", "probabilities")
        from datatype in Gen.OneOf("FP32", "FP32", "BOOL", "INT64", "BYTES", "FP8", "fp32")
        from shape in Dimension.Array[0, 5]
        from values in Number.Array[0, 40]
        from nest in Gen.Int[0, 3]
        select new JsonObject
        {
            ["name"] = name,
            ["datatype"] = datatype,
            ["shape"] = new JsonArray(shape.Select(d => (JsonNode?)d).ToArray()),
            ["data"] = Nest(values, nest),
        };

    // Shapes that match their data, so the checks after the shape's (values, FP32 range, names) are reached too.
    private static readonly Gen<JsonObject> Consistent =
        from shape in Gen.Long[1, 3].Array[1, 3]
        from values in Number.Array[(int)shape.Aggregate(1L, (a, b) => a * b)]
        from nest in Gen.Int[0, 1]
        select new JsonObject
        {
            ["name"] = "input",
            ["datatype"] = "FP32",
            ["shape"] = new JsonArray(shape.Select(d => (JsonNode?)d).ToArray()),
            ["data"] = Nest(values, nest),
        };

    public static readonly Gen<byte[]> Json =
        from inputs in Gen.Frequency((1, Input.Array[0, 4]), (2, Consistent.Array[1]))
        from id in Gen.OneOf<JsonNode?>(null, "r", 1, new JsonArray())
        from timeout in Gen.OneOf<JsonNode?>(null, 100, 0, -5, 1e308, "100")
        select Encoding.UTF8.GetBytes(new JsonObject
        {
            ["id"] = id,
            ["inputs"] = new JsonArray(inputs.Select(i => (JsonNode?)i).ToArray()),
            ["parameters"] = new JsonObject { ["timeout_ms"] = timeout },
        }.ToJsonString());

    /// <summary>
    /// Bodies the quick reader may take (no <c>parameters</c>, outputs by name, fields in any order, unknown fields),
    /// beside ones it must leave to the thorough reader, for checking that the two agree.
    /// </summary>
    public static readonly Gen<byte[]> QuickJson =
        from inputs in Gen.Frequency((1, Input.Array[0, 3]), (4, Consistent.Array[1, 2]))
        from id in Gen.OneOf<JsonNode?>(null, "r", "", 1)
        from outputs in Gen.OneOf<JsonNode?>(null, new JsonArray(new JsonObject { ["name"] = "output" }), new JsonArray(new JsonObject { ["name"] = 3 }), new JsonArray())
        from extra in Gen.OneOf<JsonNode?>(null, 1, new JsonObject { ["a"] = new JsonArray(1, "x") })
        from reversed in Gen.Bool
        select Encoding.UTF8.GetBytes(Body(inputs, id, outputs, extra, reversed));

    private static string Body(JsonObject[] inputs, JsonNode? id, JsonNode? outputs, JsonNode? extra, bool reversed)
    {
        var body = new JsonObject();
        if (id is not null) body["id"] = id.DeepClone();
        if (extra is not null) body["extra"] = extra.DeepClone();
        // Reversed puts each input's data before its shape: the quick reader must leave those to the thorough one.
        body["inputs"] = new JsonArray(inputs.Select(i => (JsonNode?)(reversed ? new JsonObject(i.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))) : i.DeepClone())).ToArray());
        if (outputs is not null) body["outputs"] = outputs.DeepClone();
        return body.ToJsonString();
    }

    private static JsonArray Nest(JsonNode?[] values, int depth)
    {
        var flat = new JsonArray(values.Select(v => v?.DeepClone()).ToArray());
        for (var d = 0; d < depth; d++) flat = new JsonArray(flat);
        return flat;
    }
}
