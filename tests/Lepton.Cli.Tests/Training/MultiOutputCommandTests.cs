using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton.Serving;
using Microsoft.Extensions.Logging;

namespace Lepton.Cli.Tests.Training;

/// <summary>A two-output model (label: a class, amount: a number) trained once by <c>lepton train spec.yaml</c>.</summary>
public sealed class TwoOutputFile : IDisposable
{
    public TwoOutputFile()
    {
        Folder = new TempFolder();
        var random = new Random(9);
        var text = new StringBuilder("x,z,colour,label,amount\n");
        for (var i = 0; i < 200; i++)
        {
            var (x, z) = (random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2);
            var colour = (i % 3) switch { 0 => "red", 1 => "blue", _ => "green" };
            var label = colour == "green" && x > 1 ? "side" : x > 0 ? "up" : "down";
            text.Append(CultureInfo.InvariantCulture, $"{x:0.000},{z:0.000},{colour},{label},{5 + 2 * z + (colour == "red" ? 1 : 0):0.000}\n");
        }
        Data = Folder.Write("two.csv", text.ToString());
        var spec = Folder.Write("two.yaml", """
            data: two.csv
            input_features: [{name: x, type: number}, {name: z, type: number}, {name: colour, type: category}]
            output_features: [{name: label, type: category}, {name: amount, type: number}]
            combiner: {fc_layers: [16]}
            trainer: {epochs: 20, learning_rate: 0.01, time_limit: 20s}
            """);
        Path = Folder.PathOf("two.lepton");
        var (code, output) = CliRun.Invoke("train", spec, "--no-tracking", "--output", Path);
        if (code != 0) throw new InvalidOperationException(output);
    }

    public TempFolder Folder { get; }

    public string Data { get; }

    public string Path { get; }

    /// <summary>The data without its output columns (what predict and serve get).</summary>
    public string Inputs(string name) =>
        Folder.Write(name, string.Join('\n', File.ReadAllLines(Data).Select(l => string.Join(',', l.Split(',')[..3]))) + "\n");

    public void Dispose() => Folder.Dispose();
}

public sealed class MultiOutputCommandTests(TwoOutputFile trained) : IClassFixture<TwoOutputFile>
{
    [Fact]
    public void Evaluate_prints_a_section_per_output_and_writes_json_keyed_by_output_and_a_report_section_per_output()
    {
        var json = trained.Folder.PathOf("eval.json");
        var html = trained.Folder.PathOf("eval.html");

        var (code, text) = CliRun.Invoke("evaluate", trained.Path, trained.Data, "--json", json, "--report", html);

        Assert.True(code == 0, text);
        Assert.Contains("outputs label, amount", text);
        Assert.Contains("label: 200 examples, classification", text);
        Assert.Contains("amount: 200 rows, regression", text);
        Assert.Contains("Confusion matrix", text);
        Assert.Contains("f1_macro:", text);
        Assert.Contains("rmse:", text);
        var figures = JsonNode.Parse(File.ReadAllText(json))!["outputs"]!;
        Assert.Equal(["down", "side", "up"], figures["label"]!["classes"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.True(figures["label"]!["metrics"]!["accuracy"]!.GetValue<double>() > 0.7);
        Assert.True(figures["amount"]!["metrics"]!["r2"]!.GetValue<double>() > 0.5);
        var page = File.ReadAllText(html);
        Assert.Contains("id=\"output-label\"", page);
        Assert.Contains("id=\"output-amount\"", page);
        Assert.True(File.Exists(trained.Folder.PathOf("eval_files/label-confusion-matrix.png")));
        Assert.True(File.Exists(trained.Folder.PathOf("eval_files/amount-residuals.png")));
    }

    [Fact]
    public async Task Evaluate_on_a_registered_multi_output_model_records_each_outputs_metrics_under_its_name()
    {
        using var home = new Tracking.TrackingHome();
        await using (var client = await Tracking.TrackingHome.OpenAsync())
            await client.Registry.RegisterFileAsync("two", trained.Path);

        var (code, text) = CliRun.Invoke("evaluate", "two/1", trained.Data);

        Assert.True(code == 0, text);
        await using var store = await Tracking.TrackingHome.OpenAsync();
        var found = Assert.Single(await store.Store.SearchRunsAsync(new Lepton.Tracking.RunQuery(null, $"tags.`{Lepton.Tracking.RunTags.EvaluationModel}` = 'two'")));
        var run = await store.Store.GetRunAsync(found.Info.RunId);
        Assert.Equal("multi_output", run.Params["task"]);
        Assert.Equal("label,amount", run.Params["target"]);
        Assert.True(run.LatestMetrics["label.accuracy"].Value > 0.7);
        Assert.Contains("amount.r2", run.LatestMetrics.Keys);
        Assert.Contains(run.Artifacts, a => a.Path == Lepton.Tracking.EvaluationArtifacts.Report);
    }

    [Fact]
    public void Evaluate_without_an_output_column_names_it_and_writes_nothing()
    {
        var lines = File.ReadAllLines(trained.Data);
        var data = trained.Folder.Write("no-amount.csv", string.Join('\n', lines.Select(l => string.Join(',', l.Split(',')[..4]))) + "\n");
        var json = trained.Folder.PathOf("no-amount.json");

        var (code, text) = CliRun.Invoke("evaluate", trained.Path, data, "--json", json);

        Assert.Equal(2, code);
        Assert.Contains("has no 'amount' column", text);
        Assert.Contains("--target label", text);
        Assert.False(File.Exists(json));
        var (one, only) = CliRun.Invoke("evaluate", trained.Path, data, "--target", "label");
        Assert.True(one == 0, only);
        Assert.Contains("output label", only);
    }

    [Fact]
    public void Predict_writes_a_column_group_per_output_in_input_order_without_the_output_columns()
    {
        var data = trained.Inputs("inputs.csv");
        var output = trained.Folder.PathOf("predictions.csv");

        var (code, text) = CliRun.Invoke("predict", trained.Path, data, "--out", output, "--chunk-rows", "7");

        Assert.True(code == 0, text);
        var lines = File.ReadAllLines(output);
        Assert.Equal("label,label_p_down,label_p_side,label_p_up,amount", lines[0]);
        Assert.Equal(201, lines.Length);
        var truth = File.ReadAllLines(trained.Data).Skip(1).Select(l => l.Split(',')).ToList();
        var right = 0;
        for (var i = 0; i < 200; i++)
        {
            var cells = lines[i + 1].Split(',');
            var p = cells[1..4].Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(1.0, p.Sum(), 4);
            Assert.Equal(new[] { "down", "side", "up" }[Array.IndexOf(p, p.Max())], cells[0]);
            if (cells[0] == truth[i][3]) right++;
            Assert.True(Math.Abs(double.Parse(cells[4], CultureInfo.InvariantCulture) - double.Parse(truth[i][4], CultureInfo.InvariantCulture)) < 2.5, lines[i + 1]);
        }
        Assert.True(right > 150, $"{right} of 200 labels right");
        Assert.Empty(Directory.GetFiles(trained.Folder.Path, "*.tmp"));
    }

    [Fact]
    public async Task Serve_answers_one_tensor_per_output_and_per_output_predictions_for_records()
    {
        var data = trained.Inputs("served.csv");
        var predictions = trained.Folder.PathOf("served-predictions.csv");
        var (code, text) = CliRun.Invoke("predict", trained.Path, data, "--out", predictions);
        Assert.True(code == 0, text);
        var written = File.ReadAllLines(predictions).Skip(1).Take(3).Select(l => l.Split(',')).ToList();
        var rows = File.ReadAllLines(data).Skip(1).Take(3).Select(l => l.Split(',')).ToList();

        var options = new ServingOptions { Port = 0, KeysPath = trained.Folder.PathOf("keys.json"), AuditLogPath = trained.Folder.PathOf("audit.jsonl"), MaxQueueDelay = TimeSpan.FromMilliseconds(5) };
        await using var server = InferenceServer.Create(options, logging => logging.SetMinimumLevel(LogLevel.Warning));
        await server.StartAsync();
        await server.LoadAsync(trained.Path, name: "two");
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };

        var metadata = JsonDocument.Parse(await http.GetStringAsync("/v2/models/two")).RootElement.GetProperty("outputs");
        Assert.Equal(["label", "amount"], metadata.EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        Assert.Equal([-1L, 3L], metadata[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal(["down", "side", "up"], metadata[0].GetProperty("class_names").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal([-1L, 1L], metadata[1].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));

        // The records route: per example, each output's class (with its top classes) or value, as lepton predict gave.
        var records = string.Join(",", rows.Select(r => $"{{\"x\": {r[0]}, \"z\": {r[1]}, \"colour\": \"{r[2]}\"}}"));
        using var response = await http.PostAsync("/models/two/predict?top=2", new StringContent($"{{\"instances\": [{records}]}}", Encoding.UTF8, "application/json"));
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, answer);
        var served = JsonDocument.Parse(answer).RootElement.GetProperty("predictions");
        Assert.Equal(3, served.GetArrayLength());
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(written[i][0], served[i].GetProperty("label").GetProperty("label").GetString());
            Assert.Equal(2, served[i].GetProperty("label").GetProperty("top").GetArrayLength());
            Assert.Equal(double.Parse(written[i][4], CultureInfo.InvariantCulture), served[i].GetProperty("amount").GetProperty("value").GetDouble(), 4);
            Assert.False(served[i].GetProperty("amount").TryGetProperty("label", out _));
        }

        // The Open Inference Protocol: one tensor per output, named after it; one can be asked for alone.
        var zeros = string.Join(",", Enumerable.Repeat("0", 2 * 5));
        using var infer = await http.PostAsync("/v2/models/two/infer", new StringContent($"{{\"inputs\": [{{\"name\": \"features\", \"shape\": [2, 5], \"datatype\": \"FP32\", \"data\": [{zeros}]}}]}}", Encoding.UTF8, "application/json"));
        var inferred = await infer.Content.ReadAsStringAsync();
        Assert.True(infer.StatusCode == HttpStatusCode.OK, inferred);
        var outputs = JsonDocument.Parse(inferred).RootElement.GetProperty("outputs");
        Assert.Equal(["label", "amount"], outputs.EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        Assert.Equal([2L, 3L], outputs[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal(1.0, outputs[0].GetProperty("data").EnumerateArray().Take(3).Sum(v => v.GetDouble()), 4);
        Assert.Equal([2L, 1L], outputs[1].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        using var one = await http.PostAsync("/v2/models/two/infer", new StringContent($"{{\"inputs\": [{{\"name\": \"features\", \"shape\": [2, 5], \"datatype\": \"FP32\", \"data\": [{zeros}]}}], \"outputs\": [{{\"name\": \"amount\"}}]}}", Encoding.UTF8, "application/json"));
        var alone = JsonDocument.Parse(await one.Content.ReadAsStringAsync()).RootElement.GetProperty("outputs");
        Assert.Equal("amount", Assert.Single(alone.EnumerateArray()).GetProperty("name").GetString());
        using var unknown = await http.PostAsync("/v2/models/two/infer", new StringContent($"{{\"inputs\": [{{\"name\": \"features\", \"shape\": [2, 5], \"datatype\": \"FP32\", \"data\": [{zeros}]}}], \"outputs\": [{{\"name\": \"probabilities\"}}]}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("its outputs are: label, amount", await unknown.Content.ReadAsStringAsync());
    }
}
