using Lepton.Zoo;

namespace Lepton.Zoo.Tests;

public sealed class ZooRecipesTests
{
    [Fact]
    public void Every_recipe_has_a_unique_lowercase_name_a_metric_and_a_goal()
    {
        Assert.Equal(ZooRecipes.All.Count, ZooRecipes.All.Select(r => r.Name).Distinct().Count());
        foreach (var recipe in ZooRecipes.All)
        {
            Assert.Matches("^[a-z][a-z0-9-]*$", recipe.Name);
            Assert.False(string.IsNullOrWhiteSpace(recipe.Metric), recipe.Name);
            Assert.False(string.IsNullOrWhiteSpace(recipe.Goal), recipe.Name);
            Assert.NotEqual(MetricDirection.None, recipe.Direction);
            Assert.Same(recipe, ZooRecipes.Get(recipe.Name.ToUpperInvariant()));
        }
    }

    [Fact]
    public void An_unknown_recipe_is_an_error_listing_the_recipes()
    {
        var error = Assert.Throws<ArgumentException>(() => ZooRecipes.Get("no-such-recipe"));
        Assert.Contains("no-such-recipe", error.Message, StringComparison.Ordinal);
        foreach (var recipe in ZooRecipes.All) Assert.Contains(recipe.Name, error.Message, StringComparison.Ordinal);
    }
}
