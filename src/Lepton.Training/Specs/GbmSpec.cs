namespace Lepton.Training.Specs;

/// <summary>A spec's <c>gbm</c> section: LightGBM's parameters under their LightGBM names.</summary>
internal sealed class GbmSpec
{
    public int? NumBoostRound { get; set; }

    public int? NumLeaves { get; set; }

    public double? LearningRate { get; set; }

    /// <summary>A whole number, or auto (training rows / 20, from 3 to 20).</summary>
    public string? MinDataInLeaf { get; set; }

    public int? MaxBin { get; set; }

    public double? LambdaL2 { get; set; }

    /// <summary>Rounds without improvement on the validation rows before growing stops; 0 turns it off.</summary>
    public int? EarlyStop { get; set; }
}
