using Lepton.Nn.Zoo;
using static TorchSharp.torch;

namespace Lepton.Export.Tests.Onnx;

/// <summary>The image recipes <c>lepton quickstart</c> trains export with the same outputs as Predict.</summary>
public sealed class RecipeExportTests
{
    public static TheoryData<string> Recipes => new(ImageRecipe.All.Select(r => r.Name));

    [Theory]
    [MemberData(nameof(Recipes))]
    public void A_quickstart_recipe_model_runs_in_OnnxRuntime_as_in_Lepton(string recipe)
    {
        using var scope = NewDisposeScope();
        var model = ImageRecipe.Get(recipe).CreateModel(new Shape(1, 28, 28), 10, totalSteps: 100);
        ExportVerification.Randomize(model, 21);
        ExportVerification.Verify(model, batch => [rand(batch, 1, 28, 28)]);
    }
}
