using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lepton.Nn.Callbacks;

namespace Lepton.Nn.Training;

/// <summary>
/// Keras-style training output: <c>Epoch 3/10</c>, then a 20-character bar updated in place with step, ETA,
/// time per step and running metrics; or, when output is not a terminal, one plain line per epoch (a live bar
/// would flood a log file). Fit adds one for you (see <see cref="Verbosity"/>); add your own, with Fit's
/// verbosity Silent, to send the output elsewhere.
/// </summary>
public sealed class ProgressLogger : Callback
{
    private const int BarWidth = 20;
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);
    private readonly TextWriter _out;
    private readonly bool _live;
    private readonly Stopwatch _epochClock = new();
    private TimeSpan _lastDraw;
    private int _epochs;
    private int _steps;
    private int _lastStep;

    /// <summary>Writes progress to <paramref name="output"/>: a live bar when <paramref name="live"/>, else a line per epoch.</summary>
    public ProgressLogger(TextWriter output, bool live)
    {
        ArgumentNullException.ThrowIfNull(output);
        _out = output;
        _live = live;
    }

    internal static ProgressLogger? For(Verbosity verbosity) => verbosity switch
    {
        Verbosity.Silent => null,
        Verbosity.ProgressBar => new ProgressLogger(Console.Out, live: true),
        Verbosity.OneLinePerEpoch => new ProgressLogger(Console.Out, live: false),
        _ => new ProgressLogger(Console.Out, live: !Console.IsOutputRedirected),
    };

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingInfo info)
    {
        _epochs = info.Epochs;
        _steps = info.StepsPerEpoch;
        if (info.Validation is not null) _out.WriteLine(info.Validation);
    }

    /// <inheritdoc />
    public override void OnEpochBegin(int epoch)
    {
        _out.WriteLine($"Epoch {epoch + 1}/{_epochs}");
        _epochClock.Restart();
        _lastDraw = TimeSpan.Zero;
        _lastStep = 0;
    }

    /// <inheritdoc />
    public override void OnBatchEnd(int batch, BatchLogs logs)
    {
        _lastStep = logs.Step;
        if (!_live || logs.Step == logs.Steps) return;
        var now = _epochClock.Elapsed;
        if (now - _lastDraw < RedrawInterval && logs.Step > 1) return;
        _lastDraw = now;
        _out.Write("\r" + Line(logs.Step, logs.Steps, now, running: true, logs.Values()) + "\u001b[K");
        _out.Flush();
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        var elapsed = _epochClock.Elapsed;
        var shown = logs.Where(kv => kv.Key != "learning_rate").ToDictionary();
        if (_live) _out.Write("\r" + Line(_lastStep, _steps, elapsed, running: false, shown) + "\u001b[K\n");
        else _out.WriteLine(PlainLine(_lastStep, _steps, elapsed, shown));
        _out.Flush();
    }

    /// <summary>The in-place line: <c>  12/1875 ━━━━━━━━━━━━━━━━━━━━ 3s 2ms/step - accuracy: 0.9123 - loss: 0.2345</c>.</summary>
    internal static string Line(int step, int steps, TimeSpan elapsed, bool running, IReadOnlyDictionary<string, double> values)
    {
        var width = steps.ToString(CultureInfo.InvariantCulture).Length;
        var sb = new StringBuilder();
        sb.Append(step.ToString(CultureInfo.InvariantCulture).PadLeft(width)).Append('/').Append(steps).Append(' ');
        var filled = steps == 0 ? BarWidth : (int)((long)BarWidth * step / steps);
        sb.Append(new string('━', filled)).Append(new string('─', BarWidth - filled)).Append(' ');
        var perStep = step == 0 ? TimeSpan.Zero : elapsed / step;
        var time = running ? perStep * (steps - step) : elapsed;
        sb.Append(Seconds(time)).Append(' ').Append(PerStep(perStep)).Append("/step");
        AppendValues(sb, values);
        return sb.ToString();
    }

    /// <summary>The plain epoch line: <c>1875/1875 - 3s - 2ms/step - accuracy: 0.9123 - loss: 0.2345</c>.</summary>
    internal static string PlainLine(int step, int steps, TimeSpan elapsed, IReadOnlyDictionary<string, double> values)
    {
        var perStep = step == 0 ? TimeSpan.Zero : elapsed / step;
        var sb = new StringBuilder();
        sb.Append(step).Append('/').Append(steps).Append(" - ").Append(Seconds(elapsed)).Append(" - ").Append(PerStep(perStep)).Append("/step");
        AppendValues(sb, values);
        return sb.ToString();
    }

    /// <summary>Keras's number format: four decimals, or scientific below 1e-3.</summary>
    internal static string Format(double value) =>
        value != 0 && Math.Abs(value) < 1e-3 && double.IsFinite(value)
            ? value.ToString("0.0000e+00", CultureInfo.InvariantCulture)
            : value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static void AppendValues(StringBuilder sb, IReadOnlyDictionary<string, double> values)
    {
        foreach (var (name, value) in values.OrderBy(kv => kv.Key.StartsWith("val_", StringComparison.Ordinal)).ThenBy(kv => kv.Key, StringComparer.Ordinal))
            sb.Append(" - ").Append(name).Append(": ").Append(Format(value));
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds < 1 && t > TimeSpan.Zero
        ? $"{Math.Round(t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}ms"
        : $"{Math.Round(t.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s";

    private static string PerStep(TimeSpan t)
    {
        var us = t.TotalMicroseconds;
        if (us >= 1e6) return $"{Math.Round(us / 1e6).ToString(CultureInfo.InvariantCulture)}s";
        if (us >= 1e3) return $"{Math.Round(us / 1e3).ToString(CultureInfo.InvariantCulture)}ms";
        return $"{Math.Round(us).ToString(CultureInfo.InvariantCulture)}us";
    }
}
