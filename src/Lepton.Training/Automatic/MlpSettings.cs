using System.Globalization;

namespace Lepton.Training.Automatic;

/// <summary>The settings of the network candidate: its hidden layers' widths, dropout, Adam's learning rate and the batch size.</summary>
/// <param name="Widths">The hidden layers' units, in order.</param>
/// <param name="Dropout">The dropout after each hidden layer (0: none).</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="BatchSize">Rows per batch; null decides from the number of fitting rows.</param>
internal sealed record MlpSettings(IReadOnlyList<int> Widths, double Dropout, double LearningRate, int? BatchSize)
{
    /// <summary>The default: 128 and 64 ReLU units, dropout 0.1, learning rate 0.001, a batch by the rows.</summary>
    public static MlpSettings Default { get; } = new([128, 64], 0.1, 1e-3, null);

    /// <summary>The batch size for <paramref name="rows"/> fitting rows: as set (at most the rows), or 32, 128 or 512 by size.</summary>
    public int BatchFor(int rows) => BatchSize is { } size
        ? Math.Max(1, Math.Min(size, rows))
        : rows switch { < 2_000 => 32, < 50_000 => 128, _ => 512 };

    /// <summary>As people read it: "128-64 units, dropout 0.1, learning rate 0.001".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{string.Join('-', Widths)} units, dropout {Dropout:0.###}, learning rate {LearningRate:G3}{(BatchSize is { } b ? $", batch {b}" : "")}");
}
