using System.Diagnostics;
using System.Globalization;
using Lepton.Nn.Callbacks;
using Spectre.Console;

namespace Lepton.Cli.Commands.Training;

/// <summary>
/// A network candidate's live progress on one line redrawn in place: epoch, a 20-character bar, the validation score
/// and the best so far, the time. Only on an interactive terminal; in redirected output it writes nothing (the trials
/// table says how each candidate ended), so a log file gets no bar. The line is cleared when the fit ends.
/// </summary>
internal sealed class EpochProgress(IAnsiConsole console) : Callback
{
    private const int BarWidth = 20;
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);
    private readonly bool _live = console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi;
    private readonly Stopwatch _clock = new();
    private TimeSpan _lastDraw;
    private int _epochs;
    private double? _best;

    public override void OnTrainBegin(TrainingInfo info)
    {
        _epochs = info.Epochs;
        _best = null;
        _lastDraw = TimeSpan.Zero;
        _clock.Restart();
    }

    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        var (name, score) = Score(logs);
        if (score is { } s && (_best is null || s > _best)) _best = s;
        if (!_live || (_clock.Elapsed - _lastDraw < RedrawInterval && epoch > 0)) return;
        _lastDraw = _clock.Elapsed;
        var filled = _epochs > 0 ? Math.Clamp((epoch + 1) * BarWidth / _epochs, 0, BarWidth) : 0;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"         epoch {epoch + 1}/{_epochs} {new string('━', filled)}{new string('─', BarWidth - filled)}{(score is null ? "" : $" {name} {score:0.0000} (best {_best:0.0000})")} {_clock.Elapsed.TotalSeconds:0.0}s");
        var writer = console.Profile.Out.Writer;
        writer.Write("\r" + text + "\u001b[K");
        writer.Flush();
    }

    public override void OnTrainEnd(IReadOnlyDictionary<string, double> lastLogs)
    {
        if (!_live) return;
        console.Profile.Out.Writer.Write("\r\u001b[K");
        console.Profile.Out.Writer.Flush();
    }

    /// <summary>The validation metric other than the loss (accuracy, r2), or the validation loss, negated so higher is better.</summary>
    private static (string Name, double? Score) Score(IReadOnlyDictionary<string, double> logs)
    {
        var metric = logs.FirstOrDefault(kv => kv.Key.StartsWith("val_", StringComparison.Ordinal) && kv.Key != "val_loss");
        if (metric.Key is not null) return (metric.Key, metric.Value);
        return logs.TryGetValue("val_loss", out var loss) ? ("-val_loss", -loss) : ("", null);
    }
}
