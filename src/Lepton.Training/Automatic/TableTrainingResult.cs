using Lepton.Nn.Models;

namespace Lepton.Training.Automatic;

/// <summary>
/// What <c>TableTrainer.Train</c> made: the kept model, ready to save (its file carries the pipeline, the raw
/// input schema, the class names, the test metrics and the plan), what was tried, and the test metrics.
/// </summary>
public sealed class TableTrainingResult : IDisposable
{
    internal TableTrainingResult(Model model, TrainingPlan plan, IReadOnlyList<CandidateTrial> trials, string kept, IReadOnlyDictionary<string, double> testMetrics,
        int trainRows, int validationRows, int testRows)
    {
        Model = model;
        Plan = plan;
        Trials = trials;
        Kept = kept;
        TestMetrics = testMetrics;
        TrainRows = trainRows;
        ValidationRows = validationRows;
        TestRows = testRows;
    }

    /// <summary>The kept model.</summary>
    public Model Model { get; }

    /// <summary>The plan it was trained by.</summary>
    public TrainingPlan Plan { get; }

    /// <summary>Every candidate, in the order tried.</summary>
    public IReadOnlyList<CandidateTrial> Trials { get; }

    /// <summary>The name of the kept candidate.</summary>
    public string Kept { get; }

    /// <summary>The kept model's metrics on the held-out test rows: <c>loss</c> and <c>accuracy</c>, <c>f1_macro</c> or <c>r2</c>, <c>rmse</c>, <c>mae</c>.</summary>
    public IReadOnlyDictionary<string, double> TestMetrics { get; }

    /// <summary>Rows the candidates were trained on.</summary>
    public int TrainRows { get; }

    /// <summary>Rows the candidates were scored on.</summary>
    public int ValidationRows { get; }

    /// <summary>Rows the kept model was tested on.</summary>
    public int TestRows { get; }

    /// <summary>Writes the model file (atomically).</summary>
    public void Save(string path) => Model.Save(path);

    /// <summary>Frees the model's tensors.</summary>
    public void Dispose() => Model.Dispose();
}
