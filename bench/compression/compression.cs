#:project ../../src/Lepton.Export/Lepton.Export.csproj
#:property PublishAot=false
// The compression benchmarks (issue 16) on Fashion-MNIST: pruning, distillation and ensembles. One command each:
//   dotnet run -c Release bench/compression/compression.cs -- prune|distill|ensemble OUT.json
// Settings are environment variables (bench/compression/README.md): QUICK=1 trains on 4,000 images for one epoch and
// scores on 2,000 test images, only to check that the benchmark runs. Test accuracy is measured on Fashion-MNIST's test
// set after training; nothing is tuned, chosen or stopped on it.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton;
using Lepton.Data;
using Lepton.Data.Datasets;
using Lepton.Export.Compression;
using Lepton.Export.Ensembles;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using Lepton.Nn.Zoo;

if (args.Length < 2 || args[0] is not ("prune" or "distill" or "distill-search" or "ensemble"))
{
    Console.Error.WriteLine("usage: dotnet run -c Release bench/compression/compression.cs -- prune|distill|distill-search|ensemble OUT.json");
    return 2;
}
var command = args[0];
var output = Path.GetFullPath(args[1]);
var quick = Env("QUICK", "0") == "1";
var seed = long.Parse(Env("SEED", "1"), CultureInfo.InvariantCulture);
var batch = int.Parse(Env("BATCH", "64"), CultureInfo.InvariantCulture);
var dir = Env("DIR", "/tmp/lepton-bench-compression");
Directory.CreateDirectory(dir);
LeptonRuntime.Initialize(new RuntimeOptions { Device = ComputeDevice.Cpu, Threads = int.Parse(Env("THREADS", "2"), CultureInfo.InvariantCulture), Seed = seed });

var (trainAll, testAll) = FashionMnist.Load();
var train = quick ? trainAll.Take(4000) : trainAll;
var test = quick ? testAll.Take(2000) : testAll;
var shape = FashionMnist.ImageFormat.Shape;
var classes = FashionMnist.ClassNames.Count;
var stepsPerEpoch = (train.Count + batch - 1) / batch;
// VERBOSE=1 prints one line per epoch (training loss and accuracy) for the distill runs, to compare curves with a peer.
var verbosity = Env("VERBOSE", "0") == "1" ? Verbosity.OneLinePerEpoch : Verbosity.Silent;
var wall = Stopwatch.StartNew();
var loadBefore = Load();
Console.WriteLine($"compression {command}: {(quick ? "QUICK (a check that it runs, not a figure)" : "full")}; {train.Count:N0} training images, {test.Count:N0} test images, batch {batch}, {LeptonRuntime.Threads} threads, seed {seed}, load {loadBefore}");

var result = command switch
{
    "prune" => Prune(),
    "distill" => Distill(),
    "distill-search" => DistillSearch(),
    _ => Ensembles(),
};
result["benchmark"] = $"compression-{command}";
result["recorded_at"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
string[] settings = ["DIR", "VERBOSE", "QUICK", "SEED", "BATCH", "THREADS", "BASE_EPOCHS", "SPARSITIES", "FINE_TUNE_EPOCHS", "DISTILL_EPOCHS", "TEMPERATURE", "ALPHA", "SMALL_EPOCHS", "VALIDATION", "SETTINGS", "SCOPE"];
result["command"] = string.Concat(settings.Where(n => Environment.GetEnvironmentVariable(n) is { Length: > 0 }).Select(n => $"{n}=\"{Environment.GetEnvironmentVariable(n)}\" ")) + $"bench/compression/{command}.sh";
result["quick"] = quick;
result["settings"] = new JsonObject { ["train_images"] = train.Count, ["test_images"] = test.Count, ["batch"] = batch, ["threads"] = LeptonRuntime.Threads, ["seed"] = seed };
result["load_average"] = new JsonObject { ["before"] = loadBefore, ["after"] = Load() };
result["wall_seconds"] = Math.Round(wall.Elapsed.TotalSeconds, 1);
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
File.WriteAllText(output, result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
Console.WriteLine(result["table"]!.GetValue<string>());
Console.WriteLine($"wrote {output} ({wall.Elapsed.TotalSeconds:0}s)");
return 0;

// Pruning at 50/80/90% sparsity: the trained `batchnorm` recipe fine-tuned with a Pruning callback (polynomial decay
// from 0 over the first 60% of the fine-tuning steps, then fixed masks), stripped, scored on the test set.
JsonObject Prune()
{
    var (teacherPath, baseModel) = BatchNormBase();
    // VALIDATION=N fine-tunes on all but N training images (a fixed shuffle from SEED) and scores on those N instead of
    // the test set, to choose SCOPE (per-layer | global) and FINE_TUNE_EPOCHS without looking at test images.
    var held = int.Parse(Env("VALIDATION", "0"), CultureInfo.InvariantCulture);
    var (fit, scored) = held > 0 ? train.Split((double)held / train.Count, new Random((int)seed)) : (train, test);
    var scope = Env("SCOPE", "global") == "global" ? PruningScope.Global : PruningScope.PerLayer;
    double Score(Model model) => model.Evaluate(scored, 500, new Accuracy())["accuracy"];
    var baseAccuracy = Score(baseModel);
    var epochs = int.Parse(Env("FINE_TUNE_EPOCHS", quick ? "1" : "3"), CultureInfo.InvariantCulture);
    var steps = (long)((fit.Count + batch - 1) / batch) * epochs;
    var rows = new JsonArray();
    var table = new StringBuilder($"| Sparsity | {(held > 0 ? "Validation" : "Test")} accuracy | Δ vs unpruned ({baseAccuracy:0.0000}) | Fine-tuning |\n| --- | --- | --- | --- |\n");
    foreach (var sparsity in Env("SPARSITIES", "0.5 0.8 0.9").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)))
    {
        LeptonRuntime.Seed(seed);
        using var model = Model.Load(teacherPath);
        model.Compile(new AdamW(1e-3, weightDecay: 5e-4, schedule: new OneCycle(1e-3, Math.Max(steps, 2))), new SparseCategoricalCrossentropy(fromLogits: true), new Accuracy());
        var pruning = new Pruning(new PolynomialDecay(0, sparsity, beginStep: 0, endStep: (long)(steps * 0.6), frequency: quick ? 10 : 100), scope);
        var clock = Stopwatch.StartNew();
        model.Fit(ImageRecipe.BatchNorm.Augment(fit), epochs, batch, callbacks: [pruning], verbose: Verbosity.Silent);
        var seconds = clock.Elapsed.TotalSeconds;
        var report = pruning.Strip();
        var accuracy = Score(model);
        var reached = (double)report.Sum(r => r.Zeros) / report.Sum(r => r.Count);
        Console.WriteLine($"  sparsity {sparsity * 100:0}%: reached {reached * 100:0.00}% of {report.Sum(r => r.Count):N0} kernel weights, test accuracy {accuracy:0.0000} ({(accuracy - baseAccuracy) * 100:+0.00;-0.00} points), {seconds:0}s");
        Console.Write(Pruning.Format(report));
        rows.Add(new JsonObject
        {
            ["sparsity"] = sparsity, ["reached"] = Math.Round(reached, 5), ["test_accuracy"] = Math.Round(accuracy, 5),
            ["delta_points"] = Math.Round((accuracy - baseAccuracy) * 100, 3), ["fine_tune_seconds"] = Math.Round(seconds, 1),
        });
        table.Append(CultureInfo.InvariantCulture, $"| {sparsity * 100:0}% | {accuracy:0.0000} | {(accuracy - baseAccuracy) * 100:+0.00;-0.00} points | {epochs} epoch(s) |\n");
    }
    var at80 = rows.FirstOrDefault(r => r!["sparsity"]!.GetValue<double>() == 0.8);
    return new JsonObject
    {
        ["recipe"] = "batchnorm", ["base_test_accuracy"] = Math.Round(baseAccuracy, 5), ["fine_tune_epochs"] = epochs, ["rows"] = rows,
        ["scope"] = scope.ToString(), ["scored_on"] = held > 0 ? $"{scored.Count} held-out training images (accuracies are validation, not test)" : "test set",
        ["goal"] = "≤ 1 point lost at 80% sparsity",
        ["pass"] = at80 is null ? null : at80["delta_points"]!.GetValue<double>() >= -1.0,
        ["table"] = table.ToString(),
    };
}

// A student with about a quarter of the `batchnorm` network's parameters (every width halved), trained alone and
// distilled from the trained `batchnorm` model, with the same optimizer, schedule, augmentation, seed and epochs.
JsonObject Distill()
{
    var (_, teacher) = BatchNormBase();
    var teacherAccuracy = Accuracy(teacher);
    var epochs = int.Parse(Env("DISTILL_EPOCHS", quick ? "1" : ImageRecipe.BatchNorm.DefaultEpochs.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
    var temperature = double.Parse(Env("TEMPERATURE", "4"), CultureInfo.InvariantCulture);
    var alpha = double.Parse(Env("ALPHA", "0.1"), CultureInfo.InvariantCulture);
    var steps = (long)stepsPerEpoch * epochs;
    Optimizer NewOptimizer() => new AdamW(3e-3, weightDecay: 5e-4, schedule: new OneCycle(3e-3, Math.Max(steps, 2)));

    LeptonRuntime.Seed(seed);
    using var alone = QuarterCnn();
    alone.Compile(NewOptimizer(), new SparseCategoricalCrossentropy(fromLogits: true), new Accuracy());
    var clock = Stopwatch.StartNew();
    alone.Fit(ImageRecipe.BatchNorm.Augment(train), epochs, batch, verbose: verbosity);
    var aloneSeconds = clock.Elapsed.TotalSeconds;
    var aloneAccuracy = Accuracy(alone);
    Console.WriteLine($"  student alone: {aloneAccuracy:0.0000} ({aloneSeconds:0}s)");

    LeptonRuntime.Seed(seed);
    using var student = QuarterCnn();
    var distiller = new Distiller(teacher, student, temperature, alpha, NewOptimizer());
    clock.Restart();
    distiller.Fit(ImageRecipe.BatchNorm.Augment(train), epochs, batch, verbose: verbosity);
    var distilledSeconds = clock.Elapsed.TotalSeconds;
    var distilledAccuracy = Accuracy(student);
    Console.WriteLine($"  student distilled: {distilledAccuracy:0.0000} ({distilledSeconds:0}s)");

    var ratio = (double)student.CountParameters() / teacher.CountParameters();
    var table = $"| Model | Parameters | Test accuracy | Training |\n| --- | --- | --- | --- |\n" +
                $"| teacher (`batchnorm` recipe) | {teacher.CountParameters():N0} | {teacherAccuracy:0.0000} | |\n" +
                $"| student alone | {student.CountParameters():N0} ({ratio * 100:0}%) | {aloneAccuracy:0.0000} | {epochs} epoch(s), {aloneSeconds:0}s |\n" +
                $"| student distilled (T = {temperature}, alpha = {alpha}) | {student.CountParameters():N0} ({ratio * 100:0}%) | {distilledAccuracy:0.0000} | {epochs} epoch(s), {distilledSeconds:0}s |\n";
    return new JsonObject
    {
        ["teacher_parameters"] = teacher.CountParameters(), ["student_parameters"] = student.CountParameters(), ["parameter_ratio"] = Math.Round(ratio, 4),
        ["teacher_test_accuracy"] = Math.Round(teacherAccuracy, 5), ["alone_test_accuracy"] = Math.Round(aloneAccuracy, 5), ["distilled_test_accuracy"] = Math.Round(distilledAccuracy, 5),
        ["gain_points"] = Math.Round((distilledAccuracy - aloneAccuracy) * 100, 3), ["epochs"] = epochs, ["temperature"] = temperature, ["alpha"] = alpha,
        ["alone_seconds"] = Math.Round(aloneSeconds, 1), ["distilled_seconds"] = Math.Round(distilledSeconds, 1),
        ["goal"] = "distilled ≥ alone + 0.5 point", ["pass"] = distilledAccuracy - aloneAccuracy >= 0.005,
        ["table"] = table,
    };
}

// Choosing T and alpha without the test set: VALIDATION (10,000) training images are held out (a fixed shuffle from
// SEED), the student is trained on the rest alone and distilled with each "T:alpha" of SETTINGS, and each run reports
// its accuracy on the held-out images only. The teacher saw those images in its own training, so the figures rank
// settings rather than estimate accuracy.
JsonObject DistillSearch()
{
    var (_, teacher) = BatchNormBase();
    var epochs = int.Parse(Env("DISTILL_EPOCHS", quick ? "1" : "3"), CultureInfo.InvariantCulture);
    var held = int.Parse(Env("VALIDATION", quick ? "1000" : "10000"), CultureInfo.InvariantCulture);
    var (fit, validation) = train.Split((double)held / train.Count, new Random((int)seed));
    var steps = (long)((fit.Count + batch - 1) / batch) * epochs;
    Optimizer NewOptimizer() => new AdamW(3e-3, weightDecay: 5e-4, schedule: new OneCycle(3e-3, Math.Max(steps, 2)));
    var rows = new JsonArray();
    var table = new StringBuilder($"| Student ({epochs} epochs, {fit.Count:N0} images) | Validation accuracy ({validation.Count:N0} held-out training images) |\n| --- | --- |\n");
    foreach (var setting in Env("SETTINGS", "alone 2:0.1 2:0.5 4:0.1 4:0.5 8:0.1 8:0.5").Split(' ', StringSplitOptions.RemoveEmptyEntries))
    {
        LeptonRuntime.Seed(seed);
        using var student = QuarterCnn();
        var clock = Stopwatch.StartNew();
        var row = new JsonObject { ["setting"] = setting };
        if (setting == "alone")
        {
            student.Compile(NewOptimizer(), new SparseCategoricalCrossentropy(fromLogits: true), new Accuracy());
            student.Fit(ImageRecipe.BatchNorm.Augment(fit), epochs, batch, verbose: verbosity);
        }
        else
        {
            var parts = setting.Split(':');
            var (t, a) = (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
            (row["temperature"], row["alpha"]) = (t, a);
            new Distiller(teacher, student, t, a, NewOptimizer()).Fit(ImageRecipe.BatchNorm.Augment(fit), epochs, batch, verbose: verbosity);
        }
        var accuracy = student.Evaluate(validation, 500, new Accuracy())["accuracy"];
        (row["validation_accuracy"], row["seconds"]) = (Math.Round(accuracy, 5), Math.Round(clock.Elapsed.TotalSeconds, 1));
        Console.WriteLine($"  {setting}: validation accuracy {accuracy:0.0000} ({clock.Elapsed.TotalSeconds:0}s)");
        rows.Add(row);
        table.Append(CultureInfo.InvariantCulture, $"| {(setting == "alone" ? "alone" : $"distilled T = {row["temperature"]}, alpha = {row["alpha"]}")} | {accuracy:0.0000} |\n");
    }
    return new JsonObject { ["epochs"] = epochs, ["fit_images"] = fit.Count, ["validation_images"] = validation.Count, ["rows"] = rows, ["table"] = table.ToString() };
}

// Three seeds of the `small` recipe, each trained on the whole training set; their probability average and vote
// against the best single member.
JsonObject Ensembles()
{
    var epochs = int.Parse(Env("SMALL_EPOCHS", quick ? "1" : ImageRecipe.Small.DefaultEpochs.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
    var members = new List<Model>();
    var singles = new JsonArray();
    foreach (var memberSeed in new[] { seed, seed + 1, seed + 2 })
    {
        LeptonRuntime.Seed(memberSeed);
        var model = ImageRecipe.Small.CreateModel(shape, classes, (long)stepsPerEpoch * epochs);
        var clock = Stopwatch.StartNew();
        model.Fit(ImageRecipe.Small.Augment(train), epochs, batch, verbose: Verbosity.Silent);
        var accuracy = Accuracy(model);
        Console.WriteLine($"  small, seed {memberSeed}: {accuracy:0.0000} ({clock.Elapsed.TotalSeconds:0}s)");
        singles.Add(new JsonObject { ["seed"] = memberSeed, ["test_accuracy"] = Math.Round(accuracy, 5), ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1) });
        members.Add(model);
    }
    var best = singles.Max(s => s!["test_accuracy"]!.GetValue<double>());
    var averaged = Accuracy(new Ensemble(members, EnsembleMethod.Averaging));
    var voted = Accuracy(new Ensemble(members, EnsembleMethod.Voting));
    var table = "| Model | Test accuracy |\n| --- | --- |\n" +
                string.Concat(singles.Select(s => $"| `small`, seed {s!["seed"]} | {s["test_accuracy"]!.GetValue<double>():0.0000} |\n")) +
                $"| averaged probabilities (3 seeds) | {averaged:0.0000} ({(averaged - best) * 100:+0.00;-0.00} points vs the best single) |\n" +
                $"| hard voting (3 seeds) | {voted:0.0000} ({(voted - best) * 100:+0.00;-0.00} points) |\n";
    return new JsonObject
    {
        ["recipe"] = "small", ["epochs"] = epochs, ["members"] = singles, ["best_single"] = best,
        ["averaged_test_accuracy"] = Math.Round(averaged, 5), ["voting_test_accuracy"] = Math.Round(voted, 5),
        ["gain_points"] = Math.Round((averaged - best) * 100, 3),
        ["goal"] = "averaged ≥ best single + 0.3 point", ["pass"] = averaged - best >= 0.003,
        ["table"] = table,
    };
}

// The trained `batchnorm` recipe (the teacher and the model to prune), trained once and kept in DIR.
(string Path, Model Model) BatchNormBase()
{
    var epochs = int.Parse(Env("BASE_EPOCHS", quick ? "1" : ImageRecipe.BatchNorm.DefaultEpochs.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
    var path = Path.Combine(dir, $"batchnorm-{(quick ? "quick" : "full")}-{epochs}ep-seed{seed}.lepton");
    if (File.Exists(path))
    {
        Console.WriteLine($"  batchnorm base: reusing {path}");
        return (path, Model.Load(path));
    }
    LeptonRuntime.Seed(seed);
    var model = ImageRecipe.BatchNorm.CreateModel(shape, classes, (long)stepsPerEpoch * epochs);
    var clock = Stopwatch.StartNew();
    model.Fit(ImageRecipe.BatchNorm.Augment(train), epochs, batch, verbose: Verbosity.Silent);
    Console.WriteLine($"  batchnorm base: {epochs} epoch(s) in {clock.Elapsed.TotalSeconds:0}s, saved to {path}");
    model.Save(path);
    return (path, model);
}

// The `batchnorm` network with every width halved: about a quarter of its parameters.
Sequential QuarterCnn() => new(
    shape,
    [
        new Conv2D(16, 3, padding: "same", useBias: false), new BatchNorm(), new Activation("relu"),
        new Conv2D(16, 3, padding: "same", useBias: false), new BatchNorm(), new Activation("relu"), new MaxPool2D(2),
        new Conv2D(32, 3, padding: "same", useBias: false), new BatchNorm(), new Activation("relu"), new MaxPool2D(2),
        new Conv2D(64, 3, padding: "same", useBias: false), new BatchNorm(), new Activation("relu"), new MaxPool2D(2),
        new Flatten(), new Dropout(0.3),
        new Dense(128, useBias: false), new BatchNorm(), new Activation("relu"), new Dropout(0.3),
        new Dense(classes),
    ],
    "quarter_cnn");

double Accuracy(Model model) => model.Evaluate(test, 500, new Accuracy())["accuracy"];

static string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;

static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

