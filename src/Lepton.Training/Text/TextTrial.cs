using Lepton.Data.Pipelines;
using Lepton.Nn.Models;

namespace Lepton.Training.Text;

/// <summary>
/// A trained text candidate with what it was trained through: its own fitted pipeline (the text tokenized, not TF-IDF)
/// and its validation rows prepared by that pipeline, which the trainer scores it on. Disposing frees the validation rows.
/// </summary>
internal sealed record TextTrial(Model Model, string Note, TablePreprocessing Preprocessing, TableDataset Validation) : IDisposable
{
    public void Dispose() => Validation.Dispose();
}
