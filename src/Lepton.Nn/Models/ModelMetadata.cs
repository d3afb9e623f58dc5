using System.Text.Json.Nodes;
using Lepton.Nn.Losses;

namespace Lepton.Nn.Models;

/// <summary>Facts a model file carries beside the weights, so prediction and serving need nothing else.</summary>
public sealed class ModelMetadata
{
    /// <summary>Names of the output classes, in index order; empty for regression.</summary>
    public IReadOnlyList<string> ClassNames { get; set; } = [];

    /// <summary>How raw input becomes the model's input (e.g. image size and scaling); the data layer fills it.</summary>
    public JsonObject Preprocessing { get; set; } = [];

    /// <summary>Figures measured on the model (test accuracy, …).</summary>
    public Dictionary<string, double> Metrics { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// How the model was made, as JSON: <c>lepton train</c> writes its plan here (task, target, column roles, split,
    /// candidates tried); empty for a model built in code.
    /// </summary>
    public JsonObject Spec { get; set; } = [];

    /// <summary>Free text about the model.</summary>
    public string? Description { get; set; }

    /// <summary>The loss the model was trained with, kept so a loaded model can still turn logits into probabilities.</summary>
    public Loss? OutputLoss { get; set; }
}
