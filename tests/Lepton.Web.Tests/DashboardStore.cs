using Lepton;
using Lepton.Tracking;
using Lepton.Training.Evaluation;
using Lepton.Web;
using Microsoft.AspNetCore.Builder;

namespace Lepton.Web.Tests;

/// <summary>
/// A tracking store filled the way training fills one — runs with parameters, metric histories (one of 100,000
/// points), tags, datasets, artifacts (a picture, a CSV, an HTML report with a script, a real <c>.lepton</c> file), a
/// registered model with versions, an alias and a deployment, and a run whose name is an XSS attempt — and the
/// dashboard serving it on a free loopback port.
/// </summary>
public sealed class DashboardStore : IAsyncLifetime
{
    public const string Experiment = "fashion";
    public const string Hostile = "<img src=x onerror=alert(1)>";
    public const string LongMetric = "batch_loss";
    public const int LongPoints = 100_000;
    public const int Runs = 12;

    private readonly TempFolder _folder = new();
    private WebApplication? _app;

    public TrackingClient Tracking { get; private set; } = default!;

    public Uri Address { get; private set; } = default!;

    /// <summary>The dashboard app's services.</summary>
    public IServiceProvider Services => _app!.Services;

    public IReadOnlyList<string> RunIds { get; private set; } = [];

    /// <summary>The run with the 100,000-point history and every kind of artifact.</summary>
    public string RichRun => RunIds[0];

    public string HostileRun { get; private set; } = "";

    public string Folder => _folder.Path;

    public async Task InitializeAsync()
    {
        var settings = TrackingSettings.InFolder(_folder.PathOf("store"));
        Tracking = await TrackingClient.OpenAsync(settings);
        var ids = new List<string>();
        var start = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        for (var r = 0; r < Runs; r++)
        {
            await using var run = await Tracking.StartRunAsync(Experiment, name: $"lr-{r:00}");
            var lr = 0.001 * (r + 1);
            run.LogParam("lr", lr);
            run.LogParam("optimizer", r % 2 == 0 ? "adam" : "sgd");
            run.LogParam("batch_size", 64);
            run.SetTag("recipe", r % 3 == 0 ? "small" : "batchnorm");
            run.SetMetricDirection("val_accuracy", MetricDirection.Maximize);
            for (var epoch = 1; epoch <= 20; epoch++)
            {
                var time = start.AddMinutes(r * 30 + epoch);
                run.LogMetric("loss", 1.0 / (epoch * (1 + r * 0.1)), step: epoch * 100, epoch: epoch, timestamp: time);
                run.LogMetric("val_accuracy", 0.5 + 0.4 * (1 - Math.Exp(-epoch / 5.0)) + r * 0.001, step: epoch * 100, epoch: epoch, timestamp: time);
            }

            if (r == 0) await FillRichRunAsync(run, start);
            await run.EndAsync();
            ids.Add(run.RunId);
        }

        await using (var hostile = await Tracking.StartRunAsync(Experiment, name: Hostile, tags: new Dictionary<string, string> { ["note"] = "<script>alert(2)</script>" }))
        {
            hostile.LogParam("lr", "<b>bold</b>");
            hostile.LogMetric("val_accuracy", 0.1, step: 1);
            await hostile.EndAsync(RunStatus.Failed);
            HostileRun = hostile.RunId;
        }

        RunIds = ids;
        StudyRun = await WriteStudyAsync();
        (ReferenceData, CurrentData) = (await WriteCustomersAsync("customers-2025.csv", 2025), await WriteCustomersAsync("customers-2026.csv", 2026));
        await Tracking.Registry.RegisterRunModelAsync("fashion", ids[0], "model.lepton", "the first");
        await Tracking.Registry.RegisterRunModelAsync("fashion", ids[0], "model.lepton", "the second");
        await Tracking.Registry.SetAliasAsync("fashion", "production", 1);
        await Tracking.Store.RecordDeploymentAsync("fashion", 1, "http://127.0.0.1:8080");
        await WriteEvaluationsAsync();

        _app = await DashboardServer.CreateAsync(new DashboardServerOptions { Port = 0, TrackingUri = settings.TrackingUri, ArtifactRoot = settings.ArtifactRoot });
        await _app.StartAsync();
        Address = DashboardServer.AddressOf(_app);
    }

    private async Task FillRichRunAsync(ActiveRun run, DateTimeOffset start)
    {
        // A long history, as a per-batch loss over a long training: the case the charts must stay fast on.
        var random = new Random(7);
        for (var i = 0; i < LongPoints; i++)
        {
            var value = i == 50_000 ? double.NaN : 2.0 * Math.Exp(-i / 20_000.0) + 0.05 * random.NextDouble();
            run.LogMetric(LongMetric, value, step: i, timestamp: start.AddSeconds(i * 0.01));
        }

        await run.LogDatasetAsync(new DatasetFingerprint("fashion-mnist/train", new string('a', 64), 60_000, "[{\"name\":\"pixels\"}]"));
        await run.LogArtifactAsync(_folder.WriteBytes("confusion.png", Convert.FromBase64String(OnePixelPng)), "plots/confusion.png");
        await run.LogArtifactAsync(_folder.Write("predictions.csv", "id,label,\"note, quoted\"\n1,cat,\"a, b\"\n2,dog,\"say \"\"hi\"\"\"\n"), "predictions.csv");
        await run.LogArtifactAsync(_folder.Write("report.html", "<html><body><h1>Report</h1><script>document.title='ran'</script></body></html>"), "report.html");
        await run.LogArtifactAsync(Path.Combine(AppContext.BaseDirectory, "classifier.lepton"), "model.lepton");
    }

    public const string Study = "tune-demo";
    public const int Trials = 8;

    /// <summary>The study's own run (<see cref="RunTags.Kind"/> = tuning).</summary>
    public string StudyRun { get; private set; } = "";

    /// <summary>A study laid out as <c>lepton tune</c> records it: the study's run, then a child run per trial (one pruned).</summary>
    private async Task<string> WriteStudyAsync()
    {
        await using var study = await Tracking.StartRunAsync(Study, "tune", tags: new Dictionary<string, string> { [RunTags.Kind] = RunTags.TuningKind, [RunTags.Study] = Study });
        study.LogParam("metric", "val_accuracy");
        study.LogParam("goal", "maximize");
        study.LogParam("search_alg", "tpe");
        study.LogParam("pruner", "median");
        await study.FlushAsync();
        for (var t = 0; t < Trials; t++)
        {
            var pruned = t == 3;
            await using var trial = await Tracking.StartRunAsync(Study, $"trial {t}", tags: new Dictionary<string, string>
            {
                [RunTags.Study] = Study, [RunTags.Trial] = t.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [RunTags.TrialState] = pruned ? "pruned" : "complete", [RunTags.ParentRun] = study.RunId,
            });
            trial.LogParam("lr", 0.001 * (t + 1));
            trial.LogParam("layers", t % 2 + 1);
            if (!pruned) trial.LogMetric("val_accuracy", 0.7 + 0.02 * t);
            trial.LogMetric("trial_seconds", 1.5 + t);
            await trial.EndAsync(pruned ? RunStatus.Killed : RunStatus.Finished);
        }

        study.LogMetric("best_val_accuracy", 0.84);
        study.LogMetric("trials_complete", Trials - 1);
        study.LogMetric("trials_pruned", 1);
        study.LogMetric(RunTags.ImportancePrefix + "lr", 0.8);
        study.LogMetric(RunTags.ImportancePrefix + "layers", 0.2);
        await study.EndAsync();
        return study.RunId;
    }

    public const string DataExperiment = "customers";

    /// <summary>The content hash of the reference customers table (2025), recorded with its profile.</summary>
    public string ReferenceData { get; private set; } = "";

    /// <summary>The content hash of the current customers table (2026): older customers, more on the pro plan, one plan named like an XSS attempt.</summary>
    public string CurrentData { get; private set; } = "";

    /// <summary>
    /// A customers table as a CSV, read and profiled by the data layer and recorded with a run the way
    /// <c>lepton train</c> records its data: age ~ N(40, 10) in 2025 and N(47, 10) in 2026; income the same both years.
    /// </summary>
    private async Task<string> WriteCustomersAsync(string file, int year)
    {
        var random = new Random(year);
        var text = new System.Text.StringBuilder("age,income,plan\n");
        for (var i = 0; i < 1500; i++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var u = random.NextDouble();
            var plan = year == 2025 ? (u < 0.6 ? "basic" : u < 0.9 ? "pro" : "enterprise") : (u < 0.4 ? "basic" : u < 0.8 ? "pro" : u < 0.99 ? "enterprise" : Hostile);
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Round((year == 2025 ? 40 : 47) + 10 * normal)},{30_000 + 20_000 * random.NextDouble():0},\"{plan}\"\n");
        }
        var path = _folder.Write(file, text.ToString());
        using var table = Lepton.Data.Tables.Table.Read(path);
        var fingerprint = DatasetFingerprint.FromFiles(file, table.RowCount, "[{\"name\":\"age\"},{\"name\":\"income\"},{\"name\":\"plan\"}]", path);
        // 2025's data trains version 1 of the customers model; 2026's is that version's evaluation data, as lepton evaluate records it.
        var training = year == 2025;
        var tags = training ? null : new Dictionary<string, string>
        {
            [RunTags.Kind] = RunTags.EvaluationKind, [RunTags.EvaluationModel] = DataExperiment, [RunTags.EvaluationVersion] = "1",
        };
        await using var run = await Tracking.StartRunAsync(DataExperiment, training ? $"train {year}" : "evaluate", tags: tags);
        await run.LogDatasetAsync(fingerprint, training ? "train" : "evaluation", Lepton.Tracking.Datasets.DatasetProfile.FromTable(table));
        if (training) await run.LogArtifactAsync(Path.Combine(AppContext.BaseDirectory, "classifier.lepton"), "model.lepton");
        await run.EndAsync();
        if (training) await Tracking.Registry.RegisterRunModelAsync(DataExperiment, run.RunId, description: "trained on 2025");
        return fingerprint.Hash;
    }

    /// <summary>The registered model with evaluations: version 1 (from a train run) evaluated twice, version 2 never.</summary>
    public const string EvaluatedModel = "iris";

    /// <summary>A registered model evaluated once, on two outputs.</summary>
    public const string MultiOutputModel = "tasks";

    /// <summary>Version 1 of <see cref="EvaluatedModel"/>'s latest evaluation.</summary>
    public ModelEvaluation LatestEvaluation { get; private set; } = default!;

    public string LatestEvaluationRun { get; private set; } = "";

    public string OlderEvaluationRun { get; private set; } = "";

    /// <summary>Evaluation runs as <c>lepton evaluate</c> records them, each in the experiment named after its model.</summary>
    private async Task WriteEvaluationsAsync()
    {
        var modelFile = Path.Combine(AppContext.BaseDirectory, "classifier.lepton");
        ModelVersion first;
        await using (var train = await Tracking.StartRunAsync(EvaluatedModel, "train"))
        {
            await train.LogDatasetAsync(new DatasetFingerprint("iris.csv", new string('c', 64), 150, "[]"));
            await train.LogArtifactAsync(modelFile, "model.lepton");
            await train.EndAsync();
            first = await Tracking.Registry.RegisterRunModelAsync(EvaluatedModel, train.RunId, description: "trained");
        }

        await Tracking.Registry.RegisterFileAsync(EvaluatedModel, modelFile, description: "by hand");
        OlderEvaluationRun = await EvaluationRuns.RecordAsync(Tracking, _folder, first, EvaluationRuns.Classifier("iris-old.csv", wrong: 4), "species");
        LatestEvaluation = EvaluationRuns.Classifier("iris-test.csv", wrong: 1);
        LatestEvaluationRun = await EvaluationRuns.RecordAsync(Tracking, _folder, first, LatestEvaluation, "species");

        var tasks = await Tracking.Registry.RegisterFileAsync(MultiOutputModel, modelFile);
        await EvaluationRuns.RecordAsync(Tracking, _folder, tasks, new MultiOutputEvaluation("tasks.csv",
            [EvaluationRuns.Classifier("tasks.csv", wrong: 2, output: "label"), EvaluationRuns.Regressor("tasks.csv", output: "amount")]));

        var hostile = await Tracking.Registry.RegisterFileAsync(Hostile, modelFile);
        await EvaluationRuns.RecordAsync(Tracking, _folder, hostile, EvaluationRuns.Classifier(Hostile, wrong: 3, [Hostile, "<script>alert(3)</script>", "ok"]), Hostile);
    }

    /// <summary>A 1×1 red PNG.</summary>
    private const string OnePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        await Tracking.DisposeAsync();
        _folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardStore>
{
    public const string Name = "dashboard";
}
