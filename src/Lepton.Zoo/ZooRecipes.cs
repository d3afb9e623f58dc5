namespace Lepton.Zoo;

/// <summary>Every recipe of the zoo, by name.</summary>
public static class ZooRecipes
{
    // Model files of the zoo's own model types (AnomalyAutoencoder, …) load wherever the zoo is in use.
    static ZooRecipes() => RegisterLayers();

    /// <summary>
    /// Registers the zoo's model and layer types with <see cref="Nn.Layers.LayerRegistry"/>, so their files load with
    /// <c>Model.Load</c>. Touching any zoo type does it; call it before loading such a file in a program that does not.
    /// </summary>
    public static void RegisterLayers() => Nn.Layers.LayerRegistry.RegisterAll(typeof(ZooRecipes).Assembly);

    /// <summary>All recipes, in the order <c>lepton zoo list</c> shows them.</summary>
    public static IReadOnlyList<ZooRecipe> All { get; } =
    [
        new Anomaly.FashionMnistAutoencoderRecipe(),
        new Anomaly.BreastCancerAnomalyRecipe(),
        new Generative.FashionMnistVaeRecipe(),
        new Generative.FashionMnistGanRecipe(),
        new Reinforcement.QLearningRecipe(),
        new Reinforcement.DqnCartPoleRecipe(),
        new Recommendation.RecommenderRecipe(),
        new Forecasting.ForecastRecipe(),
    ];

    /// <summary>The recipe called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No recipe has that name; the message lists those there are.</exception>
    public static ZooRecipe Get(string name) =>
        All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"There is no zoo recipe '{name}'. The recipes are: {string.Join(", ", All.Select(r => r.Name))}.", nameof(name));
}
