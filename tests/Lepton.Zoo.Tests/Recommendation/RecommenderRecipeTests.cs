using Lepton.Zoo.Recommendation;

namespace Lepton.Zoo.Tests.Recommendation;

public sealed class RecommenderRecipeTests
{
    [Fact]
    public void The_quick_recipe_beats_the_baseline_ranks_with_both_models_and_writes_its_split()
    {
        LeptonRuntime.Seed(1);
        using var folder = new TempFolder();
        var log = new StringWriter();
        var recipe = ZooRecipes.Get("recommender");
        var result = recipe.Run(new RecipeContext(folder.Path) { Quick = true, Log = log });

        Assert.True(result.Value < result.Figures["baseline_rmse"], log.ToString());
        foreach (var key in new[] { "ncf_hr_at_10", "ncf_ndcg_at_10", "mf_hr_at_10", "mf_ndcg_at_10", "popularity_hr_at_10" })
            Assert.InRange(result.Figures[key], 0, 1);
        Assert.True(result.Figures["ncf_hr_at_10"] > 0.2, log.ToString());
        Assert.All(result.Files, f => Assert.True(File.Exists(f), f));
        Assert.Equal(200, result.Model!.OutputShape[0]);
        Assert.Equal("Item 1", result.Model.Metadata.ClassNames[0]);
        Assert.True(result.Model.Metadata.Preprocessing.Count > 0);
    }

    [Fact]
    public void A_missing_data_file_is_an_error_saying_what_to_give()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<FileNotFoundException>(() =>
            new RecommenderRecipe().Run(new RecipeContext(folder.Path) { Data = folder.PathOf("nope.csv") }));
        Assert.Contains("userId, movieId, rating", error.Message, StringComparison.Ordinal);
    }
}
