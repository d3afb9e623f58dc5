using System.Globalization;

namespace Lepton.Nn.Callbacks;

/// <summary>
/// Saves the model to a <c>.lepton</c> file after each epoch, or only when the monitored quantity improves
/// (<c>SaveBestOnly</c>). The path may hold <c>{epoch}</c>. Files are written atomically, so a training run
/// cancelled or killed mid-save still leaves the previous best checkpoint intact.
/// </summary>
public sealed class ModelCheckpoint : Callback
{
    private readonly Monitor _monitor;

    /// <summary>Creates the callback.</summary>
    public ModelCheckpoint(string path, string monitor = "val_loss", bool saveBestOnly = true, MonitorMode mode = MonitorMode.Auto)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
        SaveBestOnly = saveBestOnly;
        _monitor = new Monitor(monitor, mode, 0);
    }

    /// <summary>Where to save; <c>{epoch}</c> is replaced by the 1-based epoch number.</summary>
    public string Path { get; }

    /// <summary>Whether only improvements are saved.</summary>
    public bool SaveBestOnly { get; }

    /// <summary>The last file written, or null.</summary>
    public string? LastSaved { get; private set; }

    /// <summary>The best monitored value seen.</summary>
    public double Best => _monitor.Best;

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingInfo info)
    {
        _monitor.Reset(Model);
        LastSaved = null;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (SaveBestOnly && !_monitor.Improves(_monitor.Read(logs, nameof(ModelCheckpoint)))) return;
        var target = Path.Replace("{epoch}", (epoch + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        foreach (var (name, value) in logs) Model.Metadata.Metrics[name] = value;
        Model.Save(target);
        LastSaved = target;
    }
}
