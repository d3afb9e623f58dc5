using Lepton.Nn.Models;

namespace Lepton.Zoo;

/// <summary>What a recipe produced: its figure, the other figures beside it, the trained model and the files it wrote.</summary>
public sealed class RecipeResult
{
    /// <summary>The value of the recipe's <see cref="ZooRecipe.Metric"/> on held-out data.</summary>
    public required double Value { get; init; }

    /// <summary>Other figures: a peer's or a baseline's score, a ceiling, a second metric (key → value).</summary>
    public IReadOnlyDictionary<string, double> Figures { get; init; } = new Dictionary<string, double>();

    /// <summary>The trained model, saved as the recipe's <c>.lepton</c> file and registered; null when the recipe has none to save.</summary>
    public Model? Model { get; init; }

    /// <summary>The settings the recipe ran with (hyperparameters, data sizes), recorded as run parameters.</summary>
    public IReadOnlyDictionary<string, object?> Parameters { get; init; } = new Dictionary<string, object?>();

    /// <summary>Files the recipe wrote (pictures, tables), recorded as run artifacts.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
}
