using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Lepton.Nn.Serialization;

namespace Lepton.Nn.Tests.Serialization;

/// <summary>
/// Model files are untrusted input: a crafted file must give a <see cref="ModelFileException"/> naming what is
/// wrong, never crash, hang or exhaust the process. Each file here is a genuine one edited as an attacker would.
/// </summary>
public sealed class HostileModelFileTests
{
    private static readonly Lazy<string> Cnn = new(HostileFiles.Cnn);
    private static readonly Lazy<string> Sequences = new(HostileFiles.SequenceModel);
    private static readonly Lazy<string> Convolutions = new(HostileFiles.ConvolutionModel);

    [Fact]
    public void A_dense_layer_with_a_billion_units_is_refused_by_its_bounds()
    {
        var path = HostileFiles.WithManifest(Cnn.Value, m => HostileFiles.Layer(m, "dense")["units"] = 1_000_000_000);
        var error = Refused(path);
        Assert.Contains("'dense' (Dense)", error.Message);
        Assert.Contains("units", error.Message);
        Assert.Contains("1000000000", error.Message);
    }

    [Fact]
    public void A_billion_units_with_a_weights_table_that_agrees_is_refused_by_size()
    {
        var path = HostileFiles.WithManifest(Cnn.Value, m =>
        {
            HostileFiles.Layer(m, "dense")["units"] = 1_000_000_000;
            HostileFiles.Tensor(m, "dense.weight")["shape"] = new JsonArray(1_000_000_000, 400);
            HostileFiles.Tensor(m, "dense.weight")["length"] = 1_600_000_000_000L;
        });
        Assert.Contains("'dense' (Dense)", Refused(path).Message);
    }

    [Fact]
    public void A_layer_within_its_bounds_but_unlike_its_weights_is_refused_before_it_is_allocated()
    {
        // 1,000,000 x 400 floats would be 1.6 GB; the table says 32 x 400, so nothing may be allocated.
        var path = HostileFiles.WithManifest(Cnn.Value, m => HostileFiles.Layer(m, "dense")["units"] = 1_000_000);
        var before = GC.GetTotalMemory(forceFullCollection: false);
        var error = Refused(path);
        Assert.Contains("'dense' (Dense)", error.Message);
        Assert.Contains("dense.weight", error.Message);
        Assert.Contains("[1000000, 400]", error.Message);
        Assert.Contains("[32, 400]", error.Message);
        Assert.True(GC.GetTotalMemory(forceFullCollection: false) - before < 100_000_000);
    }

    [Theory]
    [InlineData("dense_1.weight", "shape", "[10, 33]", "[10, 32]")]
    [InlineData("conv2d.bias", "shape", "[9]", "[8]")]
    [InlineData("dense.bias", "dtype", "Float64", "Float32")]
    public void A_tensor_unlike_the_architecture_names_the_layer_the_tensor_and_both_values(string tensor, string field, string found, string expected)
    {
        var path = HostileFiles.WithManifest(Cnn.Value, m => HostileFiles.Tensor(m, tensor)[field] = field == "shape" ? JsonNode.Parse(found) : found);
        var error = Refused(path);
        Assert.Contains(tensor, error.Message);
        Assert.Contains(found, error.Message);
        Assert.Contains(expected, error.Message);
        Assert.Contains($"'{tensor[..tensor.IndexOf('.', StringComparison.Ordinal)]}'", error.Message);
    }

    [Theory]
    [InlineData("extra tensor", "does not belong")]
    [InlineData("missing tensor", "dense_1.bias")]
    [InlineData("negative offset", "outside")]
    [InlineData("huge offset", "outside")]
    [InlineData("overlapping tensors", "overlap")]
    [InlineData("wrong length", "length")]
    [InlineData("short weights entry", "weights.bin")]
    public void A_weights_table_that_does_not_describe_weights_bin_is_refused(string damage, string expected)
    {
        var path = HostileFiles.WithManifest(Cnn.Value, m =>
        {
            var tensors = m["weights"]!["tensors"]!.AsArray();
            switch (damage)
            {
                case "extra tensor":
                    tensors.Add(new JsonObject { ["name"] = "dense.extra", ["dtype"] = "Float32", ["shape"] = new JsonArray(1), ["offset"] = 0, ["length"] = 4 });
                    break;
                case "missing tensor":
                    tensors.RemoveAt(tensors.Count - 1);
                    break;
                case "negative offset":
                    HostileFiles.Tensor(m, "dense_1.bias")["offset"] = -4;
                    break;
                case "huge offset":
                    HostileFiles.Tensor(m, "dense_1.bias")["offset"] = long.MaxValue - 2;
                    break;
                case "overlapping tensors":
                    HostileFiles.Tensor(m, "dense_1.bias")["offset"] = 0;
                    break;
                case "wrong length":
                    HostileFiles.Tensor(m, "dense_1.bias")["length"] = 4;
                    break;
                case "short weights entry":
                    foreach (var t in tensors) t!["offset"] = t["offset"]!.GetValue<long>() + 1_000_000;
                    break;
            }
        });
        Assert.Contains(expected, Refused(path).Message);
    }

    [Theory]
    [InlineData("no weights table", "weights")]
    [InlineData("no tensor list", "tensors")]
    [InlineData("no weights hash", "sha256")]
    [InlineData("no weights entry name", "entry")]
    [InlineData("weights entry not in the zip", "elsewhere.bin")]
    [InlineData("tensor without a shape", "shape")]
    [InlineData("tensor row that is null", "tensors")]
    [InlineData("shape with a null dimension", "shape")]
    [InlineData("no architecture", "architecture")]
    [InlineData("architecture is a string", "architecture")]
    [InlineData("layer list with a null", "layers")]
    [InlineData("layer without a type", "type")]
    [InlineData("layer type is a number", "type")]
    [InlineData("layer with an empty name", "name")]
    [InlineData("no format version", "format_version")]
    [InlineData("class names are a number", "class_names")]
    [InlineData("class name is null", "class_names")]
    [InlineData("metric is a string", "metrics")]
    [InlineData("loss without a name", "loss")]
    [InlineData("unknown loss", "no_such_loss")]
    [InlineData("format version is a list", "format_version")]
    public void A_file_with_a_missing_or_mistyped_part_says_which_part(string damage, string expected)
    {
        var path = HostileFiles.WithManifest(Cnn.Value, m => Damage(m, damage));
        var error = Refused(path);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("null")]
    [InlineData("\"lepton-model\"")]
    [InlineData("{")]
    [InlineData("")]
    public void A_manifest_that_is_not_a_json_object_is_refused_naming_it(string json)
    {
        var path = HostileFiles.WithEntry(Cnn.Value, "model.json", Encoding.UTF8.GetBytes(json), CompressionLevel.Optimal);
        Assert.Contains("model.json", Refused(path).Message);
    }

    [Fact]
    public void Three_class_names_for_ten_outputs_are_refused()
    {
        var path = HostileFiles.WithManifest(Cnn.Value, m => m["class_names"] = new JsonArray("a", "b", "c"));
        var error = Refused(path);
        Assert.Contains("3 class names", error.Message);
        Assert.Contains("10 outputs", error.Message);
    }

    [Fact]
    public void A_binary_classifier_with_one_output_keeps_its_two_class_names()
    {
        using var model = new Sequential(new Shape(4), new Dense(1, "sigmoid"));
        var path = HostileFiles.Saved(model, ["negative", "positive"]);
        using var loaded = Model.Load(path);
        Assert.Equal(["negative", "positive"], loaded.Metadata.ClassNames);
    }

    [Fact]
    public void Saving_class_names_that_do_not_match_the_outputs_says_so_before_writing()
    {
        using var model = new Sequential(new Shape(4), new Dense(10));
        model.Metadata.ClassNames = ["a", "b", "c"];
        var path = Training.FitTests.TempFile();
        var error = Assert.Throws<InvalidOperationException>(() => model.Save(path));
        Assert.Contains("3 class names", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_manifest_that_inflates_past_its_limit_is_refused_naming_the_entry()
    {
        // 20 MB of JSON that deflates to a few kilobytes; the 300 MB version took 1.7 GB to load.
        var path = HostileFiles.WithManifest(Cnn.Value, m => m["description"] = new string('a', 20 * 1024 * 1024));
        Assert.True(new FileInfo(path).Length < 1024 * 1024);
        var error = Refused(path);
        Assert.Contains("model.json", error.Message);
        Assert.Contains("MiB", error.Message);
    }

    [Theory]
    [InlineData("model.json", 100u)]
    [InlineData("model.json", 3_000_000u)]
    [InlineData("weights.bin", 10u)]
    [InlineData("weights.bin", 4_000_000_000u)]
    public void A_zip_header_that_lies_about_an_entry_size_is_refused_naming_the_entry(string entry, uint declared)
    {
        var path = HostileFiles.WithDeclaredSize(Cnn.Value, entry, declared);
        Assert.Contains(entry, Refused(path).Message);
    }

    [Fact]
    public void Weights_that_inflate_far_beyond_their_compressed_size_are_refused()
    {
        var path = HostileFiles.WithEntry(Cnn.Value, "weights.bin", new byte[64 * 1024 * 1024], CompressionLevel.Optimal);
        var error = Refused(path);
        Assert.Contains("weights.bin", error.Message);
        Assert.Contains("compress", error.Message);
    }

    [Fact]
    public void An_extra_entry_that_inflates_past_the_limit_is_refused_naming_it()
    {
        var path = HostileFiles.WithEntry(Cnn.Value, "junk.bin", new byte[64 * 1024 * 1024], CompressionLevel.Optimal);
        Assert.Contains("junk.bin", Refused(path).Message);
    }

    [Theory]
    [InlineData("cnn", "conv2d", "filters", "1000000000")]
    [InlineData("cnn", "conv2d", "filters", "0")]
    [InlineData("cnn", "conv2d", "kernel_size", "-3")]
    [InlineData("cnn", "conv2d", "kernel_size", "100000")]
    [InlineData("cnn", "conv2d", "strides", "0")]
    [InlineData("cnn", "conv2d", "strides", "1e9")]
    [InlineData("cnn", "conv2d", "padding", "\"evil\"")]
    [InlineData("cnn", "conv2d", "activation", "\"rm -rf\"")]
    [InlineData("cnn", "max_pool2d", "pool_size", "0")]
    [InlineData("cnn", "max_pool2d", "pool_size", "10000000")]
    [InlineData("cnn", "dense", "units", "-1")]
    [InlineData("cnn", "dense", "units", "2147483648")]
    [InlineData("cnn", "dense", "units", "1.5")]
    [InlineData("cnn", "dense", "units", "\"many\"")]
    [InlineData("cnn", "dense", "kernel_initializer", "\"evil\"")]
    [InlineData("sequences", "embedding", "input_dim", "1000000000")]
    [InlineData("sequences", "embedding", "output_dim", "0")]
    [InlineData("sequences", "encoder", "num_heads", "5000")]
    [InlineData("sequences", "encoder", "feed_forward_dim", "100000000")]
    [InlineData("sequences", "encoder", "dropout", "1.0")]
    [InlineData("sequences", "encoder", "epsilon", "0")]
    [InlineData("sequences", "attention", "key_dim", "10000000")]
    [InlineData("sequences", "attention", "num_heads", "0")]
    [InlineData("sequences", "lstm", "units", "10000000")]
    [InlineData("sequences", "gru", "units", "0")]
    [InlineData("sequences", "batch_norm", "momentum", "1.5")]
    [InlineData("sequences", "layer_norm", "epsilon", "-1")]
    [InlineData("sequences", "dropout", "rate", "1")]
    [InlineData("sequences", "dropout", "rate", "-0.5")]
    [InlineData("sequences", "dropout", "rate", "1e308")]
    [InlineData("convolutions", "reshape", "target_shape", "[1000000000, 1000000000]")]
    [InlineData("convolutions", "reshape", "target_shape", "[0, 144]")]
    [InlineData("convolutions", "conv1d", "kernel_size", "1000000")]
    [InlineData("convolutions", "concat", "axis", "99")]
    [InlineData("convolutions", "avg", "strides", "-2")]
    [InlineData("convolutions", "hidden", "units", "0")]
    public void A_layer_configuration_out_of_bounds_is_refused_naming_the_layer(string model, string layer, string field, string value)
    {
        var source = model switch { "cnn" => Cnn.Value, "sequences" => Sequences.Value, _ => Convolutions.Value };
        var path = HostileFiles.WithManifest(source, m => HostileFiles.Layer(m, layer)[field] = JsonNode.Parse(value));
        Assert.Contains($"'{layer}'", Refused(path).Message);
    }

    [Theory]
    [InlineData("[1, 1000000000, 28]")]
    [InlineData("[1, 28, -5]")]
    [InlineData("[1, 0, 28]")]
    [InlineData("[1, 2, 2, 2, 2, 2, 2, 2, 2, 2]")]
    [InlineData("[4194304, 4194304, 4194304]")]
    public void An_input_shape_out_of_bounds_is_refused(string shape)
    {
        var path = HostileFiles.WithManifest(Cnn.Value, m => m["architecture"]!["input_shape"] = JsonNode.Parse(shape));
        Assert.Contains("input", Refused(path).Message);
    }

    [Fact]
    public void An_unknown_layer_kind_is_refused_with_its_name()
    {
        var path = HostileFiles.WithManifest(Cnn.Value, m => HostileFiles.Layer(m, "flatten")["type"] = "EvilLayer");
        var error = Refused(path);
        Assert.Contains("EvilLayer", error.Message);
        Assert.Contains("'flatten'", error.Message);
    }

    [Theory]
    [InlineData("a node reads a slot not computed yet")]
    [InlineData("a node names an unknown layer")]
    [InlineData("two layers share a name")]
    [InlineData("a layer no node uses")]
    [InlineData("the output slot is out of range")]
    public void A_functional_graph_that_does_not_hold_together_is_refused(string damage)
    {
        var path = HostileFiles.WithManifest(Convolutions.Value, m =>
        {
            var architecture = m["architecture"]!.AsObject();
            var nodes = architecture["nodes"]!.AsArray();
            var layers = architecture["layers"]!.AsArray();
            switch (damage)
            {
                case "a node reads a slot not computed yet":
                    nodes[0]!["inbound"] = new JsonArray(5);
                    break;
                case "a node names an unknown layer":
                    nodes[1]!["layer"] = "ghost";
                    break;
                case "two layers share a name":
                    layers[1]!["name"] = layers[0]!["name"]!.GetValue<string>();
                    break;
                case "a layer no node uses":
                    layers.Add(new JsonObject { ["type"] = "Sequential", ["name"] = "unused", ["input_shape"] = new JsonArray(4), ["layers"] = new JsonArray(new JsonObject { ["type"] = "Dense", ["name"] = "big", ["units"] = 1_000_000 }) });
                    break;
                case "the output slot is out of range":
                    architecture["output"] = 1000;
                    break;
            }
        });
        Assert.Contains("'convolutions'", Refused(path).Message);
    }

    [Fact]
    public void Every_built_in_layer_says_which_tensors_it_creates_so_files_are_checked_before_building()
    {
        var layers = typeof(Layer).Assembly.GetTypes()
            .Where(t => typeof(Layer).IsAssignableFrom(t) && !t.IsAbstract && !typeof(Model).IsAssignableFrom(t)).ToList();
        Assert.NotEmpty(layers);
        foreach (var type in layers)
        {
            var plan = type.GetMethod("Plan", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic, [typeof(IReadOnlyList<Shape>)])!;
            Assert.True(plan.DeclaringType != typeof(Layer), $"{type.Name} does not override Layer.Plan");
        }
    }

    [Fact]
    public void Every_layer_kind_loads_back_exactly_through_the_checks()
    {
        foreach (var path in new[] { Cnn.Value, Sequences.Value, Convolutions.Value })
        {
            using var loaded = Model.Load(path);
            using var again = Model.Load(new MemoryStream(File.ReadAllBytes(path)));
            foreach (var (name, tensor) in loaded.state_dict())
                Assert.True(tensor.eq(again.state_dict()[name]).all().item<bool>(), name);
        }
    }

    [Fact]
    public void A_file_that_stores_composite_layers_weights_twice_as_older_versions_did_still_loads()
    {
        var path = HostileFiles.WithLegacyCopies(Sequences.Value);
        using var original = Model.Load(Sequences.Value);
        using var legacy = Model.Load(path);
        var x = TorchSharp.torch.randint(0, 50, [3, 6]).to(TorchSharp.torch.ScalarType.Float32);
        Assert.True(original.Predict(x).eq(legacy.Predict(x)).all().item<bool>());
        Assert.DoesNotContain(original.state_dict().Keys, k => k.Contains("._", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_leaf_of_model_json_replaced_by_a_hostile_value_gives_a_model_or_a_model_file_error()
    {
        JsonNode?[] hostile = [null, 0, -1, 1_000_000_000, long.MaxValue, 1e300, 0.5, "x", new JsonArray(), new JsonObject()];
        var manifest = Manifest(Cnn.Value);
        var leaves = Leaves(manifest, "").ToList();
        Assert.True(leaves.Count > 50);
        var bytes = File.ReadAllBytes(Cnn.Value);
        foreach (var leaf in leaves)
        {
            foreach (var value in hostile)
            {
                var edited = Manifest(Cnn.Value);
                Replace(edited, leaf, value?.DeepClone());
                using var stream = new MemoryStream(Rezip(bytes, edited));
                try
                {
                    Model.Load(stream).Dispose();
                }
                catch (ModelFileException error)
                {
                    AssertNoBugInside(error, $"{leaf} = {value?.ToJsonString() ?? "null"}");
                }
            }
        }
    }

    [Fact]
    public void Random_damage_to_the_file_bytes_gives_a_model_or_a_model_file_error()
    {
        var bytes = File.ReadAllBytes(Cnn.Value);
        var random = new Random(17);
        for (var i = 0; i < 300; i++)
        {
            var damaged = (byte[])bytes.Clone();
            if (i % 3 == 0) damaged = damaged[..random.Next(damaged.Length)];
            else for (var k = 0; k < 1 + random.Next(4); k++) damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            try
            {
                Model.Load(new MemoryStream(damaged)).Dispose();
            }
            catch (ModelFileException error)
            {
                AssertNoBugInside(error, $"damage {i}");
            }
        }
    }

    [Fact]
    public void Loading_from_a_stream_names_the_stream_in_errors()
    {
        var error = Assert.Throws<ModelFileException>(() => Model.Load(new MemoryStream(Encoding.UTF8.GetBytes("not a zip"))));
        Assert.Contains("stream", error.Message);
    }

    private static ModelFileException Refused(string path)
    {
        var error = Assert.Throws<ModelFileException>(() => Model.Load(path));
        Assert.Contains(path, error.Message);
        AssertNoBugInside(error, path);
        return error;
    }

    /// <summary>A refusal must come from a check, not from a bug the catch-all turned into a message.</summary>
    private static void AssertNoBugInside(Exception error, string what)
    {
        for (var e = error.InnerException; e is not null; e = e.InnerException)
        {
            Assert.False(e is NullReferenceException or IndexOutOfRangeException or OverflowException or InvalidCastException
                or KeyNotFoundException or NotSupportedException or ArgumentOutOfRangeException { ParamName: "index" or "length" or "start" },
                $"{what}: {e.GetType().Name} inside: {error.Message}");
        }
        Assert.DoesNotContain("Object reference not set", error.Message);
    }

    private static void Damage(JsonObject m, string damage)
    {
        var weights = m["weights"]!.AsObject();
        var tensors = weights["tensors"]!.AsArray();
        var architecture = m["architecture"]!.AsObject();
        switch (damage)
        {
            case "no weights table": m.Remove("weights"); break;
            case "no tensor list": weights.Remove("tensors"); break;
            case "no weights hash": weights.Remove("sha256"); break;
            case "no weights entry name": weights.Remove("entry"); break;
            case "weights entry not in the zip": weights["entry"] = "elsewhere.bin"; break;
            case "tensor without a shape": tensors[0]!.AsObject().Remove("shape"); break;
            case "tensor row that is null": tensors[0] = null; break;
            case "shape with a null dimension": tensors[0]!["shape"] = new JsonArray(null, 1); break;
            case "no architecture": m.Remove("architecture"); break;
            case "architecture is a string": m["architecture"] = "Sequential"; break;
            case "layer list with a null": architecture["layers"]!.AsArray()[2] = null; break;
            case "layer without a type": architecture["layers"]![2]!.AsObject().Remove("type"); break;
            case "layer type is a number": architecture["layers"]![2]!["type"] = 7; break;
            case "layer with an empty name": architecture["layers"]![2]!["name"] = ""; break;
            case "no format version": m.Remove("format_version"); break;
            case "class names are a number": m["class_names"] = 10; break;
            case "class name is null": m["class_names"]![3] = null; break;
            case "metric is a string": m["metrics"] = new JsonObject { ["accuracy"] = "high" }; break;
            case "loss without a name": m["loss"]!.AsObject().Remove("name"); break;
            case "unknown loss": m["loss"]!["name"] = "no_such_loss"; break;
            case "format version is a list": m["format_version"] = new JsonArray(); break;
            default: throw new ArgumentException(damage, nameof(damage));
        }
    }

    private static JsonObject Manifest(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        using var stream = zip.GetEntry("model.json")!.Open();
        return JsonNode.Parse(stream)!.AsObject();
    }

    private static byte[] Rezip(byte[] original, JsonObject manifest)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        using (var source = new ZipArchive(new MemoryStream(original), ZipArchiveMode.Read))
        {
            using (var stream = zip.CreateEntry("model.json").Open()) stream.Write(Encoding.UTF8.GetBytes(manifest.ToJsonString()));
            using var weights = zip.CreateEntry("weights.bin", CompressionLevel.NoCompression).Open();
            using var sourceWeights = source.GetEntry("weights.bin")!.Open();
            sourceWeights.CopyTo(weights);
        }
        return output.ToArray();
    }

    /// <summary>Paths such as <c>architecture/layers/5/units</c> to every value that is not an object or array.</summary>
    private static IEnumerable<string> Leaves(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (child is null) yield return $"{path}/{key}";
                    else foreach (var leaf in Leaves(child, $"{path}/{key}")) yield return leaf;
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is null) yield return $"{path}/{i}";
                    else foreach (var leaf in Leaves(array[i]!, $"{path}/{i}")) yield return leaf;
                }
                break;
            default:
                yield return path;
                break;
        }
    }

    private static void Replace(JsonObject root, string path, JsonNode? value)
    {
        var parts = path.Trim('/').Split('/');
        JsonNode parent = root;
        foreach (var part in parts[..^1]) parent = parent is JsonArray a ? a[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)]! : parent[part]!;
        if (parent is JsonArray array) array[int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        else parent[parts[^1]] = value;
    }
}
