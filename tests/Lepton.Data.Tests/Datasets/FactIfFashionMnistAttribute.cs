using Lepton.Data.Datasets;

namespace Lepton.Data.Tests.Datasets;

/// <summary>A fact that runs only where the real Fashion-MNIST files are installed, and says how to get them otherwise.</summary>
public sealed class FactIfFashionMnistAttribute : FactAttribute
{
    public FactIfFashionMnistAttribute()
    {
        if (!FashionMnist.IsInstalled())
            Skip = $"Fashion-MNIST is not installed in {FashionMnist.DefaultFolder}: run `sudo apt-get install dataset-fashion-mnist` or set {FashionMnist.FolderVariable}.";
    }
}
