using Lepton.Data.Pipelines;
using Lepton.Data.Splits;
using Lepton.Data.Tables;
using Lepton.Nn.Models;
using Lepton.Training.Features;
using Lepton.Training.Specs;
using static TorchSharp.torch;

namespace Lepton.Training.Automatic;

/// <summary>
/// The training rows as candidates are trained and scored on them. A large table: one split into fitting and
/// validation rows; the candidate is scored (and stops early) on the validation rows. A small table (see
/// <see cref="TableTrainingOptions.BaggingFolds"/>): k folds (stratified for classification); the candidate is
/// trained once per fold, stopping early on that fold's held-out rows, scored on its out-of-fold predictions (every
/// training row predicted once by a model that did not see it), and kept as the average of its k models (AutoGluon's
/// bagging): every training row then trains the kept model, and the choice does not hang on one small validation split.
/// </summary>
internal sealed class SelectionRows : IDisposable
{
    /// <summary>Trains one candidate on fitting rows, stopping early on validation rows, within a time budget.</summary>
    public delegate (Model Model, string Note) Trainer(TableDataset fit, TableDataset validation, TimeSpan budget);

    private readonly Table _rows;
    private readonly long _rowCount;
    private readonly TablePreprocessing _preprocessing;
    private readonly TrainingPlan _plan;
    private readonly IReadOnlyList<SplitIndices> _folds;
    private readonly TableDataset? _fit;
    private readonly TableDataset? _validation;

    private SelectionRows(Table rows, TablePreprocessing preprocessing, TrainingPlan plan, IReadOnlyList<SplitIndices> folds,
        TableDataset? fit, TableDataset? validation, double[] labels)
    {
        _rows = rows;
        _rowCount = rows.RowCount;
        _preprocessing = preprocessing;
        _plan = plan;
        _folds = folds;
        _fit = fit;
        _validation = validation;
        Labels = labels;
    }

    /// <summary>The class index or value of each row candidates are scored on (validation rows, or every training row).</summary>
    public double[] Labels { get; }

    /// <summary>Rows one model trains on.</summary>
    public int FitCount => _fit?.Count ?? _folds[0].Train.Length;

    /// <summary>The other training rows (the validation rows, or one fold's held-out rows).</summary>
    public int ValidationCount => _rowCount > int.MaxValue ? 0 : (int)_rowCount - FitCount;

    /// <summary>How many models each candidate is made of (1 without bagging).</summary>
    public int Folds => Math.Max(1, _folds.Count);

    /// <summary>Splits <paramref name="transformed"/> (the pipeline's output for every training row) the way the plan's options and its size say.</summary>
    public static SelectionRows Create(Table transformed, TablePreprocessing preprocessing, TrainingPlan plan)
    {
        var options = plan.Options;
        var classification = plan.Task == TrainingTask.Classification;
        var classes = classification ? plan.ClassNames : null;
        // A spec trains the one model it describes, on its own split.
        var folds = plan.Spec is null ? options.BaggingFoldsFor(transformed.RowCount) : 1;
        if (folds > 1)
        {
            using var all = TableDataset.FromTransformed(transformed, preprocessing, plan.Target, classes);
            var labels = LabelsOf(all);
            // Each fold's training part must hold every class: a class rarer than the folds gets one validation split.
            if (!classification || labels.GroupBy(l => l).Min(g => g.Count()) >= folds)
            {
                var indices = classification
                    ? Splitter.StratifiedKFold(transformed, plan.Target, folds, options.Seed)
                    : Splitter.KFold(transformed, folds, options.Seed);
                return new SelectionRows(transformed, preprocessing, plan, indices, null, null, labels);
            }
        }
        // The validation rows are taken out of the tensors, not out of the table: a copy of a wide transformed table
        // in the engine was the peak of memory on large tables.
        var inner = plan.Spec is not null ? SpecPlanner.Rows(transformed, plan, options.ValidationFraction) : classification
            ? Splitter.StratifiedRows(transformed, plan.Target, options.ValidationFraction, options.Seed)
            : Splitter.RandomRows(transformed, options.ValidationFraction, options.Seed);
        using var every = TableDataset.FromTransformed(transformed, preprocessing, plan.Target, classes);
        var fit = every.Rows(inner.Train);
        try
        {
            var validation = every.Rows(inner.Test);
            return new SelectionRows(transformed, preprocessing, plan, [], fit, validation, LabelsOf(validation));
        }
        catch
        {
            fit.Dispose();
            throw;
        }
    }

    /// <summary>Whether candidates are trained on folds of the transformed table (small tables); otherwise it is no longer read once this is made.</summary>
    public bool ReadsTable => _folds.Count > 0;

    /// <summary>
    /// Trains a candidate (once, or once per fold within an equal share of <paramref name="budget"/>) and gives its model
    /// (the fold models' average when bagged), its note and its predictions on the rows of <see cref="Labels"/>.
    /// </summary>
    public (Model Model, string Note, float[,] Predictions) Train(string name, TimeSpan budget, Trainer train, CancellationToken cancellationToken) =>
        TrainEach(name, budget, [0.0], (fit, validation, _, time) => train(fit, validation, time), cancellationToken)[0];

    /// <summary>Trains one candidate at one setting (a penalty's strength) on fitting rows, stopping on validation rows if it stops early.</summary>
    public delegate (Model Model, string Note) SettingTrainer(TableDataset fit, TableDataset validation, double setting, TimeSpan budget);

    /// <summary>
    /// Trains a candidate at each of <paramref name="settings"/> as <see cref="Train"/> does (bagged on the same folds,
    /// or on the one validation split), and keeps one by its loss on the rows of <see cref="Labels"/>, pooled over every
    /// fold rather than chosen fold by fold on a few rows: the first setting (the default) unless another is better by
    /// more than the noise of those rows (<see cref="SettingChoice"/>). With <paramref name="refit"/>, a bagged candidate
    /// is then trained once more on every training row at the chosen setting and that model is kept (the out-of-fold
    /// predictions still score it): for a convex fit such as the linear candidate's, one model on all the rows is the
    /// estimator the folds estimate, where the average of k models each fitted on (k−1)/k of them is a shrunken one.
    /// </summary>
    public (Model Model, string Note, float[,] Predictions) TrainChoosing(string name, TimeSpan budget, string settingName, IReadOnlyList<double> settings,
        SettingTrainer train, CancellationToken cancellationToken, bool refit = false)
    {
        ArgumentOutOfRangeException.ThrowIfZero(settings.Count);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var tried = TrainEach(name, budget, settings, train, cancellationToken);
        var chosen = tried.Count == 1 ? 0 : SettingChoice.Choose([.. tried.Select(t => t.Predictions)], Labels, _plan.Task);
        for (var i = 0; i < tried.Count; i++)
        {
            if (i != chosen) tried[i].Model.Dispose();
        }
        var (model, note, predictions) = tried[chosen];
        if (tried.Count > 1)
        {
            var losses = string.Join(", ", settings.Select((setting, i) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{setting:G3}: {SettingChoice.MeanLoss(tried[i].Predictions, Labels, _plan.Task):0.0000}")));
            note = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{settingName} {settings[chosen]:G3} by held-out loss ({losses}); {note}");
        }
        if (!refit || _folds.Count == 0) return (model, note, predictions);
        var classes = _plan.Task == TrainingTask.Classification ? _plan.ClassNames : null;
        using var every = TableDataset.FromTransformed(_rows, _preprocessing, _plan.Target, classes);
        var left = budget - clock.Elapsed;
        var (whole, _) = train(every, every, settings[chosen], left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
        model.Dispose();
        return (whole, $"refit on all {every.Count:N0} training rows; chosen by its {_folds.Count} fold models: {note}", predictions);
    }

    /// <summary>
    /// One model per setting: trained on the fitting rows, or per fold (each fold's rows taken once for every setting)
    /// and averaged, with its predictions on the rows of <see cref="Labels"/>.
    /// </summary>
    private List<(Model Model, string Note, float[,] Predictions)> TrainEach(string name, TimeSpan budget, IReadOnlyList<double> settings, SettingTrainer train,
        CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = new List<(Model Model, string Note, float[,] Predictions)>();
        if (_fit is not null)
        {
            try
            {
                for (var s = 0; s < settings.Count; s++)
                {
                    var share = (budget - clock.Elapsed) / (settings.Count - s);
                    var (model, note) = train(_fit, _validation!, settings[s], share > TimeSpan.FromSeconds(1) ? share : TimeSpan.FromSeconds(1));
                    results.Add((model, note, Predict(model, _validation!)));
                }
                return results;
            }
            catch
            {
                foreach (var result in results) result.Model.Dispose();
                throw;
            }
        }
        var members = settings.Select(_ => new List<Model>()).ToArray();
        var predictions = new float[settings.Count][,];
        var firstNotes = new string[settings.Count];
        try
        {
            for (var k = 0; k < _folds.Count; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var parts = TableSplit.Take(_rows, _folds[k]);
                var classes = _plan.Task == TrainingTask.Classification ? _plan.ClassNames : null;
                using var fit = TableDataset.FromTransformed(parts.Train, _preprocessing, _plan.Target, classes);
                using var held = TableDataset.FromTransformed(parts.Test, _preprocessing, _plan.Target, classes);
                for (var s = 0; s < settings.Count; s++)
                {
                    var share = (budget - clock.Elapsed) / ((_folds.Count - k) * settings.Count - s);
                    var (model, note) = train(fit, held, settings[s], share > TimeSpan.FromSeconds(1) ? share : TimeSpan.FromSeconds(1));
                    firstNotes[s] ??= note;
                    members[s].Add(CandidateEnsemble.Renamed(model, $"{name}_fold{k + 1}"));
                    var part = Predict(model, held);
                    predictions[s] ??= new float[Labels.Length, part.GetLength(1)];
                    for (var r = 0; r < _folds[k].Test.Length; r++)
                    {
                        for (var c = 0; c < part.GetLength(1); c++) predictions[s][_folds[k].Test[r], c] = part[r, c];
                    }
                }
            }
        }
        catch
        {
            foreach (var member in members.SelectMany(m => m)) member.Dispose();
            throw;
        }
        for (var s = 0; s < settings.Count; s++)
        {
            var bag = CandidateEnsemble.Combine(members[s], [.. members[s].Select(_ => 1.0)], _plan.Task, name);
            results.Add((bag, $"{_folds.Count} fold models averaged; fold 1: {firstNotes[s]}", predictions[s]));
        }
        return results;
    }

    /// <summary>Probabilities (classification) or values, rows × outputs.</summary>
    public float[,] Predict(Model model, TableDataset data)
    {
        using var scope = NewDisposeScope();
        var output = _plan.Task == TrainingTask.Classification ? model.PredictProbabilities(data) : model.Predict(data);
        var flat = output.reshape(output.shape[0], -1).to_type(ScalarType.Float32).contiguous();
        var rows = (int)flat.shape[0];
        var columns = (int)flat.shape[1];
        var values = flat.data<float>().ToArray();
        var result = new float[rows, columns];
        Buffer.BlockCopy(values, 0, result, 0, values.Length * sizeof(float));
        return result;
    }

    private static double[] LabelsOf(TableDataset data)
    {
        using var scope = NewDisposeScope();
        return data.Labels.reshape(-1).to_type(ScalarType.Float64).data<double>().ToArray();
    }

    public void Dispose()
    {
        _fit?.Dispose();
        _validation?.Dispose();
    }
}
