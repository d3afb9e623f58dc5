using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Data;
using Lepton.Data.Images;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Training;
using Lepton.Nn.Zoo;
using Lepton.Training.Automatic;
using static TorchSharp.torch;

namespace Lepton.Training.Images;

/// <summary>
/// <c>lepton train FOLDER</c>'s engine for image folders and image datasets (<see cref="ImageSource"/>):
/// <see cref="Plan(ImageSource)"/> decides the image size and channels and the split (the folder's split folders or the
/// dataset's own test set, else a stratified test split; a validation split from the training images); <c>Train</c>
/// decodes the images, trains a CNN from the image recipes (<see cref="ImageRecipe"/>) within the time limit, keeps
/// the weights of the best validation epoch and tests them on the test images.
/// </summary>
public sealed class ImageTrainer
{
    /// <summary>Fewer training steps than this under-train a network whatever the recipe's epochs; small folders get more epochs.</summary>
    private const int MinSteps = 200;

    /// <summary>Below this many validation images, no epoch is picked by validation loss: every epoch runs, the last weights are kept.</summary>
    private const int MinValidationImages = 50;

    /// <summary>The automatic recipe is small below this many training images, whatever the time.</summary>
    private const int MinBatchNormImages = 1_000;

    /// <summary>The most epochs a small folder gets.</summary>
    private const int MaxEpochs = 60;

    /// <summary>The fewest steps a schedule spans, however slow the machine.</summary>
    private const int MinScheduleSteps = 20;

    /// <summary>The smallest side images are read at.</summary>
    private const int MinSide = 12;

    /// <summary>The share of the time limit that planned epochs may fill: the rest absorbs a slower machine and the test.</summary>
    private const double TimeShare = 0.8;

    /// <summary>A trainer; the options default to 10 minutes, a 20% test and 10% validation split, seed 0, the automatic recipe, the folder's most common size up to 64 pixels.</summary>
    /// <exception cref="TrainingException">An option is out of range or names an unknown recipe.</exception>
    public ImageTrainer(ImageTrainingOptions? options = null)
    {
        Options = options ?? new ImageTrainingOptions();
        Options.Validate();
    }

    /// <summary>How plans are made and networks trained.</summary>
    public ImageTrainingOptions Options { get; }

    /// <summary>Decides the image format and the split for a listed folder; nothing is decoded or trained.</summary>
    /// <exception cref="TrainingException">A part of the split would be empty (too few images).</exception>
    public ImageTrainingPlan Plan(ImageFolder folder) => Plan(ImageSource.FromFolder(folder));

    /// <summary>
    /// Decides the image format and the split for labelled images (a folder, or a dataset in memory); nothing is
    /// decoded or trained. The source's own split is kept; what it lacks (a test or validation part) is held out of
    /// its training images, stratified by class.
    /// </summary>
    /// <exception cref="TrainingException">A part of the split would be empty (too few images), or the source cannot give the asked image size.</exception>
    public ImageTrainingPlan Plan(ImageSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var format = source.FormatFor(Options, MinSide);
        var parts = Enumerable.Range(0, source.Count).Select(source.SplitOf).ToArray();
        var labels = Enumerable.Range(0, source.Count).Select(source.LabelOf).ToArray();
        var described = new List<string>();
        if (source.OwnSplit is { } own) described.Add(own);
        if (!parts.Contains(ImageSplit.Test))
        {
            Hold(parts, labels, ImageSplit.Test, Options.TestFraction, Options.Seed);
            described.Add(string.Create(CultureInfo.InvariantCulture, $"{Options.TestFraction * 100:0.#}% of each class held out to test"));
        }
        if (!parts.Contains(ImageSplit.Validation))
        {
            Hold(parts, labels, ImageSplit.Validation, Options.ValidationFraction, Options.Seed + 1);
            described.Add(string.Create(CultureInfo.InvariantCulture, $"{Options.ValidationFraction * 100:0.#}% of each class's training images to validate"));
        }
        var plan = new ImageTrainingPlan(source, format, parts, string.Join("; ", described) + $", seed {Options.Seed}", Options);
        foreach (var part in new[] { ImageSplit.Train, ImageSplit.Validation, ImageSplit.Test })
        {
            if (plan.Count(part) == 0)
                throw new TrainingException($"'{source.Name}' has too few images for a {part.ToString().ToLowerInvariant()} split ({source.Count} readable images in {source.ClassNames.Count} classes): add images, or give train/, validation/ and test/ folders.");
        }
        return plan;
    }

    /// <summary>
    /// Decodes the images, trains by the plan and tests: the recipe's network (chosen by measured speed when the plan
    /// says auto) for as many epochs as fit in the time limit, the best validation epoch's weights kept, the test
    /// images scored. The model's metadata then holds the image format, the class names, the test metrics and the plan
    /// (in its spec), so <c>lepton predict</c>, <c>evaluate</c> and <c>serve</c> read image files with it.
    /// </summary>
    /// <param name="plan">What <see cref="Plan(ImageSource)"/> decided.</param>
    /// <param name="progress">Told what is happening ("reading images", "training small for 5 epochs").</param>
    /// <param name="reading">Told how many images have been decoded so far (from worker threads).</param>
    /// <param name="callbacks">Added to <c>Fit</c> (a progress bar, a tracking callback).</param>
    /// <param name="cancellationToken">Stops decoding, or training after its current batch.</param>
    /// <exception cref="ImageFolderException">No image could be decoded.</exception>
    /// <exception cref="TrainingException">A part of the split has no readable image left.</exception>
    public ImageTrainingResult Train(ImageTrainingPlan plan, IProgress<string>? progress = null, IProgress<int>? reading = null, IEnumerable<Callback>? callbacks = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var source = plan.Source;
        progress?.Report($"reading {source.Count:N0} images as {ImageTrainingPlan.SizeText(plan.Format)}");
        var readClock = Stopwatch.StartNew();
        using var data = source.Read(plan.Format, reading, cancellationToken);
        var readTime = readClock.Elapsed;
        var clock = Stopwatch.StartNew();
        int[] Part(ImageSplit part) => Enumerable.Range(0, data.Positions.Length).Where(i => plan.PartOf(data.Positions[i]) == part).ToArray();
        var (trainIndices, validationIndices, testIndices) = (Part(ImageSplit.Train), Part(ImageSplit.Validation), Part(ImageSplit.Test));
        if (trainIndices.Length == 0 || validationIndices.Length == 0 || testIndices.Length == 0)
            throw new TrainingException($"Too few images of '{source.Name}' could be decoded: {trainIndices.Length} to train, {validationIndices.Length} to validate, {testIndices.Length} to test.");
        var train = data.Dataset.Subset(trainIndices);
        var validation = data.Dataset.Subset(validationIndices);
        var test = data.Dataset.Subset(testIndices);

        var batchSize = train.Count switch { < 1_000 => 16, < 5_000 => 32, _ => 64 };
        var budget = Options.TimeLimit;
        var (recipe, epochs, why, stepSeconds) = ChooseRecipe(plan, train, validation.Count, batchSize, budget, clock, progress);
        var stepsPerEpoch = (train.Count + batchSize - 1) / batchSize;
        // When not even one epoch fits, the schedule spans the steps that do, so it ends (annealed) by the time limit
        // instead of being cut off midway at a high learning rate.
        var scheduleSteps = (long)stepsPerEpoch * epochs;
        var affordable = (long)Math.Floor(TimeShare * (budget - clock.Elapsed).TotalSeconds / Math.Max(stepSeconds, 1e-6));
        if (affordable < stepsPerEpoch)
        {
            scheduleSteps = Math.Max(MinScheduleSteps, affordable);
            why += string.Create(CultureInfo.InvariantCulture, $"; not one epoch fits, so the schedule spans the {scheduleSteps:N0} steps that do ({100.0 * scheduleSteps / stepsPerEpoch:0}% of an epoch)");
        }
        progress?.Report($"training {recipe.Name} for {epochs} epochs of batch {batchSize} on {train.Count:N0} images ({why})");
        LeptonRuntime.Seed(Options.Seed);
        var model = recipe.CreateModel(plan.Format.Shape, source.ClassNames.Count, scheduleSteps);
        try
        {
            var note = Fit(model, recipe, train, validation, epochs, batchSize, budget - clock.Elapsed, callbacks, cancellationToken);
            progress?.Report($"testing on {test.Count:N0} images");
            var testMetrics = Test(model, test);
            var trainTime = clock.Elapsed;
            var skipped = source.Skipped.Concat(data.Skipped).ToList();
            Describe(model, plan, recipe.Name, $"{why}; {note}", testMetrics, trainTime, skipped.Count);
            return new ImageTrainingResult(model, plan, recipe.Name, $"{why}; {note}", testMetrics, train.Count, validation.Count, test.Count, skipped, readTime, trainTime);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Moves <paramref name="fraction"/> of each class's training images (rounded, chosen at random by <paramref name="seed"/>) to <paramref name="part"/>.</summary>
    private static void Hold(ImageSplit[] parts, int[] labels, ImageSplit part, double fraction, int seed)
    {
        var random = new Random(seed);
        foreach (var byClass in Enumerable.Range(0, parts.Length).Where(i => parts[i] == ImageSplit.Train).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var members = byClass.ToArray();
            random.Shuffle(members);
            var held = (int)Math.Round(members.Length * fraction, MidpointRounding.AwayFromZero);
            foreach (var i in members.Take(held)) parts[i] = part;
        }
    }

    /// <summary>The recipe asked for, or (auto) batchnorm when its epochs fit in the time at the measured speed, else small; and how many epochs fit.</summary>
    private (ImageRecipe Recipe, int Epochs, string Why, double StepSeconds) ChooseRecipe(ImageTrainingPlan plan, Dataset train, int validationCount, int batchSize, TimeSpan budget, Stopwatch clock,
        IProgress<string>? progress)
    {
        var stepsPerEpoch = (train.Count + batchSize - 1) / batchSize;
        int Wanted(ImageRecipe r) => Math.Min(MaxEpochs, Math.Max(r.DefaultEpochs, (MinSteps + stepsPerEpoch - 1) / stepsPerEpoch));
        // Validation costs about a third of a training step per example (a forward pass, no backward pass).
        double EpochSeconds(double stepSeconds) => stepSeconds * (stepsPerEpoch + validationCount / (3.0 * batchSize));
        string Seconds(double s) => string.Create(CultureInfo.InvariantCulture, $"{s:0.0}s");

        if (Options.Recipe != ImageTrainingOptions.AutoRecipe)
        {
            var asked = ImageRecipe.Get(Options.Recipe);
            var step = MeasureStep(asked, plan, train, batchSize, progress);
            var fit = FittingEpochs(EpochSeconds(step), budget - clock.Elapsed);
            var epochs = Math.Min(Wanted(asked), fit);
            return (asked, epochs, epochs < Wanted(asked) ? $"{epochs} of its {Wanted(asked)} epochs fit in the time limit at {Seconds(EpochSeconds(step))} an epoch" : "as asked", step);
        }
        var small = ImageRecipe.Small;
        string why;
        if (train.Count < MinBatchNormImages)
        {
            // On a few dozen images batchnorm's augmentation and batch statistics did not learn classes small learns.
            why = $"{train.Count:N0} training images are too few for batchnorm and its augmentation (under {MinBatchNormImages:N0})";
        }
        else
        {
            var strong = ImageRecipe.BatchNorm;
            var strongStep = MeasureStep(strong, plan, train, batchSize, progress);
            var strongEpoch = EpochSeconds(strongStep);
            var strongEpochs = Wanted(strong);
            if (FittingEpochs(strongEpoch, budget - clock.Elapsed) >= strongEpochs)
                return (strong, strongEpochs, $"its {strongEpochs} epochs fit in the time limit at {Seconds(strongEpoch)} an epoch", strongStep);
            why = $"batchnorm's {strongEpochs} epochs would take {Seconds(strongEpoch * strongEpochs)} at {Seconds(strongEpoch)} an epoch";
        }
        var smallStep = MeasureStep(small, plan, train, batchSize, progress);
        var smallEpoch = EpochSeconds(smallStep);
        var smallEpochs = Math.Min(Wanted(small), FittingEpochs(smallEpoch, budget - clock.Elapsed));
        return (small, smallEpochs, $"{why}; small takes {Seconds(smallEpoch)} an epoch", smallStep);
    }

    private static int FittingEpochs(double epochSeconds, TimeSpan left) =>
        (int)Math.Clamp(Math.Floor(TimeShare * left.TotalSeconds / Math.Max(epochSeconds, 1e-6)), 1, MaxEpochs);

    /// <summary>Seconds per training step of the recipe's network on this data: a few steps timed on a throwaway copy, after a warm-up.</summary>
    private double MeasureStep(ImageRecipe recipe, ImageTrainingPlan plan, Dataset train, int batchSize, IProgress<string>? progress)
    {
        progress?.Report($"measuring the speed of {recipe.Name}");
        LeptonRuntime.Seed(Options.Seed);
        using var probe = recipe.CreateModel(plan.Format.Shape, plan.ClassNames.Count, 1_000);
        var steps = Math.Max(1, Math.Min(8, train.Count / batchSize));
        var order = Enumerable.Range(0, train.Count).ToArray();
        var warmUp = train.Subset(order[..Math.Min(train.Count, 2 * batchSize)]);
        var timed = train.Subset(order[..Math.Min(train.Count, steps * batchSize)]);
        probe.Fit(recipe.Augment(warmUp), 1, batchSize, verbose: Verbosity.Silent);
        // The fastest of three timings: another process's burst on a shared machine slows one, not all
        // (a single timing during a build once planned 3 epochs where 5 fitted easily).
        var fastest = double.PositiveInfinity;
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            probe.Fit(recipe.Augment(timed), 1, batchSize, verbose: Verbosity.Silent);
            fastest = Math.Min(fastest, clock.Elapsed.TotalSeconds);
        }
        return fastest / ((timed.Count + batchSize - 1) / batchSize);
    }

    private static string Fit(Model model, ImageRecipe recipe, Dataset train, Dataset validation, int epochs, int batchSize, TimeSpan left,
        IEnumerable<Callback>? callbacks, CancellationToken cancellationToken)
    {
        // A few validation images are too noisy to pick an epoch by (3 of them picked epoch 2 of 60 on a tiny folder):
        // below MinValidationImages every epoch runs and the last weights are kept.
        var choose = validation.Count >= MinValidationImages;
        using var best = new EarlyStopping("val_loss", patience: Math.Max(3, epochs / 3), restoreBestWeights: true);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1));
        var history = model.Fit(recipe.Augment(train), epochs, batchSize, validationData: validation,
            callbacks: choose ? [best, .. callbacks ?? []] : [.. callbacks ?? []], verbose: Verbosity.Silent, cancellationToken: timer.Token);
        cancellationToken.ThrowIfCancellationRequested();
        var run = history.Epochs.Count;
        var stop = history.Cancelled ? "stopped by the time limit" : history.StoppedEarly ? "stopped early" : "ran every epoch";
        if (!choose)
            return $"{run} of {epochs} epochs ({stop}); {validation.Count} validation images are too few to pick an epoch by (under {MinValidationImages}): the last weights are kept";
        return best.BestEpoch is { } b
            ? $"{run} of {epochs} epochs ({stop}), weights of the best validation epoch {b + 1}"
            : $"{run} of {epochs} epochs ({stop}) before any validation: the weights are the last step's";
    }

    private static Dictionary<string, double> Test(Model model, Dataset test)
    {
        var results = model.Evaluate(test, 256, new Accuracy(), new F1Score(Averaging.Macro));
        return new[] { "accuracy", "f1_macro", "loss" }.ToDictionary(k => k, k => results[k]);
    }

    /// <summary>Everything the model file must carry to read image files and to say how it was made.</summary>
    private static void Describe(Model model, ImageTrainingPlan plan, string recipe, string note, Dictionary<string, double> testMetrics, TimeSpan trainTime, int skipped)
    {
        var metadata = model.Metadata;
        metadata.Preprocessing = [];
        plan.Format.WriteTo(metadata.Preprocessing);
        metadata.ClassNames = plan.ClassNames.ToArray();
        foreach (var (key, value) in testMetrics) metadata.Metrics[$"test_{key}"] = value;
        metadata.Metrics["train_seconds"] = Math.Round(trainTime.TotalSeconds, 1);
        var spec = plan.ToJson();
        spec["kept"] = recipe;
        spec["note"] = note;
        spec["images"]!["unreadable"] = skipped;
        metadata.Spec = spec;
        metadata.Description = string.Create(CultureInfo.InvariantCulture,
            $"Classifies {ImageTrainingPlan.SizeText(plan.Format)} images into {plan.ClassNames.Count} classes ({recipe}); trained by lepton train on {Path.GetFileName(plan.Source.Name)}.");
    }
}
