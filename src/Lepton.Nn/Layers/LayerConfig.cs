using System.Text.Json.Nodes;

namespace Lepton.Nn.Layers;

/// <summary>
/// A layer's constructor arguments as named values: what a model file stores for each layer, and what a
/// registered layer type is rebuilt from (Keras's get_config / from_config).
/// </summary>
public sealed class LayerConfig
{
    private readonly JsonObject _values;

    /// <summary>Creates an empty config for a layer of <paramref name="type"/> called <paramref name="name"/>.</summary>
    public LayerConfig(string type, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Type = type;
        Name = name;
        _values = [];
    }

    private LayerConfig(string type, string name, JsonObject values)
    {
        Type = type;
        Name = name;
        _values = values;
    }

    /// <summary>The registered layer type.</summary>
    public string Type { get; }

    /// <summary>The layer's name.</summary>
    public string Name { get; }

    /// <summary>Sets a value; returns this config for chaining. Null values are not stored.</summary>
    public LayerConfig Set(string key, object? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        _values[key] = value switch
        {
            null => null,
            JsonNode node => node.DeepClone(),
            LayerConfig nested => nested.ToJson(),
            IEnumerable<LayerConfig> many => new JsonArray(many.Select(c => (JsonNode?)c.ToJson()).ToArray()),
            Shape shape => new JsonArray(shape.Dimensions.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
            int[] ints => new JsonArray(ints.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
            long[] longs => new JsonArray(longs.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
            double[] doubles => new JsonArray(doubles.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
            string[] strings => new JsonArray(strings.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
            Enum e => JsonValue.Create(e.ToString()),
            string s => JsonValue.Create(s),
            bool b => JsonValue.Create(b),
            int i => JsonValue.Create(i),
            long l => JsonValue.Create(l),
            float f => JsonValue.Create((double)f),
            double d => JsonValue.Create(d),
            _ => throw new ArgumentException($"Layer config values must be numbers, strings, booleans, shapes, arrays or configs; '{key}' is a {value.GetType().Name}.", nameof(value)),
        };
        if (value is null) _values.Remove(key);
        return this;
    }

    /// <summary>True when <paramref name="key"/> has a value.</summary>
    public bool Has(string key) => _values[key] is not null;

    /// <summary>An integer value; fails naming the layer and field when it is missing or not an integer.</summary>
    public int GetInt(string key) => Read(key, n => n.GetValue<int>());

    /// <summary>An integer value, or <paramref name="fallback"/> when absent.</summary>
    public int GetInt(string key, int fallback) => Has(key) ? GetInt(key) : fallback;

    /// <summary>A number; fails naming the layer and field when it is missing or not a number.</summary>
    public double GetDouble(string key) => Read(key, n => n.GetValue<double>());

    /// <summary>A number, or <paramref name="fallback"/> when absent.</summary>
    public double GetDouble(string key, double fallback) => Has(key) ? GetDouble(key) : fallback;

    /// <summary>A boolean; fails naming the layer and field when it is missing or not a boolean.</summary>
    public bool GetBool(string key) => Read(key, n => n.GetValue<bool>());

    /// <summary>A boolean, or <paramref name="fallback"/> when absent.</summary>
    public bool GetBool(string key, bool fallback) => Has(key) ? GetBool(key) : fallback;

    /// <summary>A string; fails naming the layer and field when it is missing.</summary>
    public string GetString(string key) => Read(key, n => n.GetValue<string>());

    /// <summary>A string, or <paramref name="fallback"/> when absent.</summary>
    public string? GetString(string key, string? fallback) => Has(key) ? GetString(key) : fallback;

    /// <summary>An enum value stored by name.</summary>
    public TEnum GetEnum<TEnum>(string key) where TEnum : struct, Enum =>
        Read(key, n => Enum.Parse<TEnum>(n.GetValue<string>(), ignoreCase: true));

    /// <summary>An enum value stored by name, or <paramref name="fallback"/> when absent.</summary>
    public TEnum GetEnum<TEnum>(string key, TEnum fallback) where TEnum : struct, Enum => Has(key) ? GetEnum<TEnum>(key) : fallback;

    /// <summary>An array of integers.</summary>
    public long[] GetLongs(string key) => Read(key, n => n.AsArray().Select(v => Item(v).GetValue<long>()).ToArray());

    /// <summary>An array of integers, or <paramref name="fallback"/> when absent.</summary>
    public long[]? GetLongs(string key, long[]? fallback) => Has(key) ? GetLongs(key) : fallback;

    /// <summary>An array of numbers.</summary>
    public double[] GetDoubles(string key) => Read(key, n => n.AsArray().Select(v => Item(v).GetValue<double>()).ToArray());

    /// <summary>A shape stored as an array of dimensions.</summary>
    public Shape GetShape(string key) => new(GetLongs(key));

    /// <summary>A nested layer config (a wrapped or composed layer).</summary>
    public LayerConfig GetConfig(string key) => Read(key, n => FromJson(n.AsObject()));

    /// <summary>A list of nested layer configs (the layers of a Sequential).</summary>
    public IReadOnlyList<LayerConfig> GetConfigs(string key) => Read(key, n => n.AsArray().Select(v => FromJson(Item(v).AsObject())).ToList());

    /// <summary>The raw JSON node of a value, for structures the typed getters do not cover.</summary>
    public JsonNode GetNode(string key) => Read(key, n => n.DeepClone());

    internal JsonObject ToJson()
    {
        var json = new JsonObject { ["type"] = Type, ["name"] = Name };
        foreach (var (key, value) in _values) json[key] = value?.DeepClone();
        return json;
    }

    internal static LayerConfig FromJson(JsonObject json)
    {
        var type = Text(json, "type") ?? throw new InvalidDataException($"A layer config has no 'type' (the name of a layer type): {Truncate(json)}");
        var name = Text(json, "name") ?? throw new InvalidDataException($"A layer config of type '{type}' has no 'name'.");
        var values = new JsonObject();
        foreach (var (key, value) in json)
        {
            if (key is "type" or "name") continue;
            values[key] = value?.DeepClone();
        }
        return new LayerConfig(type, name, values);
    }

    /// <summary>A non-blank string field, or null when it is missing, blank or not a string.</summary>
    private static string? Text(JsonObject json, string key) =>
        json[key] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;

    /// <summary>An array element that must be present; null fails like a value of the wrong type.</summary>
    private static JsonNode Item(JsonNode? node) => node ?? throw new FormatException("An array holds null.");

    private T Read<T>(string key, Func<JsonNode, T> read)
    {
        var node = _values[key] ?? throw new InvalidDataException($"Layer '{Name}' ({Type}): config field '{key}' is missing.");
        try
        {
            return read(node);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"Layer '{Name}' ({Type}): config field '{key}' has the wrong type ({Truncate(node)}).", ex);
        }
    }

    private static string Truncate(JsonNode node)
    {
        var text = node.ToJsonString();
        return text.Length <= 80 ? text : text[..77] + "...";
    }

    /// <inheritdoc />
    public override string ToString() => ToJson().ToJsonString();
}
