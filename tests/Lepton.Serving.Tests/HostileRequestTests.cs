using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Lepton.Serving.Tests;

public sealed class HostileRequestTests
{
    private const string Valid = """{"id":"1","inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""";

    /// <summary>Bodies for /v2/models/clf/infer that must each be refused with a 4xx.</summary>
    private static IEnumerable<string> BadInferBodies()
    {
        // Broken JSON: every prefix of a valid body, and garbage.
        for (var cut = 0; cut < Valid.Length - 1; cut += 1) yield return Valid[..cut];
        yield return "not json";
        yield return "{\"inputs\": [}";
        yield return "\u0000\u0001\u0002";
        yield return new string('[', 5000) + new string(']', 5000);
        // Wrong types.
        foreach (var inputs in new[] { "\"x\"", "1", "{}", "null", "true", "[]", "[1]", "[\"a\"]", "[null]", "[[]]" })
            yield return $$"""{"inputs":{{inputs}}}""";
        foreach (var field in new[] { "name", "shape", "datatype", "data" })
        {
            foreach (var value in new[] { "1", "\"x\"", "{}", "null", "true", "[]", "[[\"a\"]]", "-5" })
                yield return With(field, value);
        }
        foreach (var shape in new[] { "[0,4]", "[-1,4]", "[1.5,4]", "[1,4,1]", "[4]", "[1,3]", "[2,4]", "[1000000000000,4]", "[9223372036854775807,4]", "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]", "[\"1\",4]" })
            yield return With("shape", shape);
        foreach (var datatype in new[] { "\"FP64\"", "\"INT32\"", "\"BYTES\"", "\"fp32\"", "\"FLOAT\"", "\"\"" })
            yield return With("datatype", datatype);
        foreach (var data in new[] { "[1,2,3]", "[1,2,3,4,5]", "[1,2,\"3\",4]", "[1,2,null,4]", "[1,2,true,4]", "[[1,2],[3,{}]]", "[1e400,2,3,4]", "{\"a\":1}", "[" + string.Join(",", Enumerable.Repeat("1", 200_000)) + "]" })
            yield return With("data", data);
        // Missing fields.
        foreach (var field in new[] { "name", "shape", "datatype", "data" }) yield return Without(field);
        yield return """{"id":"1"}""";
        yield return "{}";
        yield return "[]";
        yield return "null";
        // Other fields wrong.
        yield return Valid.Replace("\"id\":\"1\"", "\"id\":1", StringComparison.Ordinal);
        yield return Valid.Replace("\"id\":\"1\",", "\"parameters\":5,", StringComparison.Ordinal);
        yield return Valid.Replace("\"id\":\"1\",", "\"parameters\":{\"timeout_ms\":-1},", StringComparison.Ordinal);
        yield return Valid.Replace("\"id\":\"1\",", "\"outputs\":[{\"name\":\"nope\"}],", StringComparison.Ordinal);
        yield return Valid.Replace("\"id\":\"1\",", "\"outputs\":\"all\",", StringComparison.Ordinal);
        yield return Valid.Replace("\"id\":\"1\",", "\"outputs\":[5],", StringComparison.Ordinal);
        yield return """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]},{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""";
        yield return """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]},{"name":"extra","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""";
        foreach (var body in RandomWrongTensors(780)) yield return body;
    }

    /// <summary>
    /// Deterministic random tensors that are each wrong in at least one way: a shape other than [n, 4], data whose
    /// length is not the shape's product, a wrong datatype, or a wrong input name.
    /// </summary>
    private static IEnumerable<string> RandomWrongTensors(int count)
    {
        var random = new Random(2026);
        string[] datatypes = ["FP32", "FP64", "INT64", "UINT8", "BOOL", "FP16"];
        for (var i = 0; i < count; i++)
        {
            var rank = random.Next(1, 5);
            var shape = Enumerable.Range(0, rank).Select(_ => (long)random.Next(1, 9)).ToArray();
            var product = shape.Aggregate(1L, (a, b) => a * b);
            var length = (int)(random.Next(3) == 0 ? product : Math.Max(0, product + random.Next(-3, 4)));
            var datatype = datatypes[random.Next(datatypes.Length)];
            var name = random.Next(5) == 0 ? "inputs" : "input";
            var valid = rank == 2 && shape[1] == 4 && length == product && datatype == "FP32" && name == "input";
            if (valid) shape[1] = 5;
            var data = string.Join(",", Enumerable.Range(0, length).Select(_ => (random.NextDouble() * 10 - 5).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)));
            yield return $$"""{"inputs":[{"name":"{{name}}","shape":[{{string.Join(",", shape)}}],"datatype":"{{datatype}}","data":[{{data}}]}]}""";
        }
    }

    /// <summary>A small PNG whose header claims 30000x30000 pixels (a decompression bomb's shape).</summary>
    internal static byte[] HugePngHeader()
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        byte[] size = [0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30, 8, 0, 0, 0, 0];
        return [.. signature, .. Chunk("IHDR", size), .. Chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]), .. Chunk("IEND", [])];
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        byte[] body = [.. Encoding.ASCII.GetBytes(type), .. data];
        var crc = 0xFFFFFFFFu;
        foreach (var b in body)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        crc ^= 0xFFFFFFFFu;
        return [(byte)(data.Length >> 24), (byte)(data.Length >> 16), (byte)(data.Length >> 8), (byte)data.Length, .. body, (byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc];
    }

    private static string With(string field, string value)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(Valid)!;
        node["inputs"]![0]![field] = System.Text.Json.Nodes.JsonNode.Parse(value);
        return node.ToJsonString();
    }

    private static string Without(string field)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(Valid)!;
        node["inputs"]![0]!.AsObject().Remove(field);
        return node.ToJsonString();
    }

    private static bool IsCleanError(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.TryGetProperty("error", out var error) && !error.GetString()!.Contains("   at ", StringComparison.Ordinal);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_thousand_malformed_or_hostile_requests_each_get_a_4xx_and_the_server_stays_healthy()
    {
        using var folder = new TempFolder();
        var store = new ApiKeyStore(folder.PathOf("keys.json"));
        var (key, _) = store.Create("tests", ["model:clf", ApiKeyStore.AdminScope]);
        await using var server = await TestServer.StartAsync(o => o.KeysPath = store.Path, "clf=" + TestModels.Classifier(), "img=" + TestModels.ImageClassifier());

        var requests = new List<HttpRequestMessage>();
        HttpRequestMessage Make(HttpMethod method, string path, HttpContent? content, string? apiKey = "use")
        {
            var request = new HttpRequestMessage(method, path) { Content = content };
            if (apiKey == "use") request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            else if (apiKey is not null) request.Headers.TryAddWithoutValidation("Authorization", apiKey);
            return request;
        }
        StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

        foreach (var body in BadInferBodies()) requests.Add(Make(HttpMethod.Post, "/v2/models/clf/infer", Json(body)));
        foreach (var type in new[] { "text/plain", "application/xml", "image/png", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded" })
            requests.Add(Make(HttpMethod.Post, "/v2/models/clf/infer", new StringContent(Valid, Encoding.UTF8, type.Split(';')[0]) { Headers = { ContentType = MediaTypeHeaderValue.Parse(type) } }));
        foreach (var bad in new[] { "Bearer ", "Bearer x", "Bearer lpk_", "Bearer lpk_abc_def", "Basic dXNlcjpwYXNz", "Bearer " + key + "x", "Bearer " + key[..^2], "Bearer " + new string('a', 5000), "lpk_" + key })
            requests.Add(Make(HttpMethod.Post, "/v2/models/clf/infer", Json(Valid), bad));
        requests.Add(Make(HttpMethod.Post, "/v2/models/clf/infer", Json(Valid), apiKey: null));
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
            requests.Add(Make(method, "/v2/models/clf/infer", method == HttpMethod.Get || method == HttpMethod.Delete ? null : Json(Valid)));
        foreach (var path in new[] { "/v2/models/nope/infer", "/v2/models/clf/versions/9/infer", "/v2/models/../../etc/passwd/infer", "/v2/models/%00/infer", "/v2/models/clf/versions/1/../infer2" })
            requests.Add(Make(HttpMethod.Post, path, Json(Valid)));
        // The image route: not images, empty bodies, wrong forms, bad JSON instances, a model that takes no images.
        foreach (var bytes in new[] { Array.Empty<byte>(), "GIF89a"u8.ToArray(), new byte[] { 0x89, 0x50, 0x4E, 0x47 }, Encoding.UTF8.GetBytes(new string('x', 10_000)) })
        {
            requests.Add(Make(HttpMethod.Post, "/models/img/predict", new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }));
            var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "image", "x.png" } };
            requests.Add(Make(HttpMethod.Post, "/models/img/predict", form));
        }
        requests.Add(Make(HttpMethod.Post, "/models/img/predict", new MultipartFormDataContent { { new StringContent("hello"), "note" } }));
        // Small bodies that would expand enormously: a million empty instances, a 30000x30000 PNG header.
        requests.Add(Make(HttpMethod.Post, "/models/img/predict", Json("{\"instances\":[" + string.Join(",", Enumerable.Repeat("[]", 1_000_000)) + "]}")));
        requests.Add(Make(HttpMethod.Post, "/models/img/predict", new ByteArrayContent(HugePngHeader()) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }));
        requests.Add(Make(HttpMethod.Post, "/models/img/predict", new StringContent("x", Encoding.UTF8, "text/plain")));
        requests.Add(Make(HttpMethod.Post, "/models/img/predict?top=0", Json("""{"instances":[[1]]}""")));
        requests.Add(Make(HttpMethod.Post, "/models/img/predict?top=abc", Json("""{"instances":[[1]]}""")));
        foreach (var body in new[] { "{}", "[]", """{"instances":5}""", """{"instances":[]}""", """{"instances":[[1,2]]}""", """{"instances":[["a"]]}""", """{"instances":[[1,2,3,4,5]]}""", "{" })
            requests.Add(Make(HttpMethod.Post, "/models/clf/predict", Json(body)));
        requests.Add(Make(HttpMethod.Post, "/models/clf/predict", new ByteArrayContent([1, 2, 3]) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }));
        // The admin API.
        foreach (var body in new[] { "{", "[]", "{}", """{"source":""}""", """{"source":"/etc/passwd"}""", """{"source":"../../x.lepton"}""", """{"source":5}""", """{"source":"x.lepton","name":"bad name!"}""", """{"source":"x.lepton","version":"../1"}""" })
            requests.Add(Make(HttpMethod.Post, "/admin/models", Json(body)));
        foreach (var body in new[] { "{", "{}", """{"1":-5}""", """{"1":0}""", """{"9":10}""", """{"1":"x"}""", "[1]" })
            requests.Add(Make(HttpMethod.Put, "/admin/models/clf/traffic", Json(body)));
        requests.Add(Make(HttpMethod.Delete, "/admin/models/nope", null));
        requests.Add(Make(HttpMethod.Delete, "/admin/models/clf/versions/7", null));
        requests.Add(Make(HttpMethod.Post, "/admin/models/clf/versions/7/reload", null));
        requests.Add(Make(HttpMethod.Get, "/admin/models", null, apiKey: null));
        requests.Add(Make(HttpMethod.Post, "/v2/models/clf/infer", Json(Valid) is var timed && timed.Headers.TryAddWithoutValidation("X-Lepton-Timeout-Ms", "soon") ? timed : timed));

        Assert.True(requests.Count >= 1000, $"only {requests.Count} hostile requests");
        var failures = new List<string>();
        foreach (var request in requests)
        {
            var label = $"{request.Method} {request.RequestUri}";
            var response = await server.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode is < 400 or >= 500) failures.Add($"{label} → {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
            // Kestrel itself refuses a NUL in the path before the application sees it: a 400 without a body.
            else if (!IsCleanError(text) && !(request.RequestUri!.OriginalString.Contains("%00", StringComparison.Ordinal) && text.Length == 0))
                failures.Add($"{label} → {(int)response.StatusCode} without a clean JSON error: {text[..Math.Min(200, text.Length)]}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/v2/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.InferAsync("clf", [1, 2, 3, 4], [1, 4], key: key)).StatusCode);
    }
}
