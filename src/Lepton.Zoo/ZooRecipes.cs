namespace Lepton.Zoo;

/// <summary>Every recipe of the zoo, by name.</summary>
public static class ZooRecipes
{
    /// <summary>All recipes, in the order <c>lepton zoo list</c> shows them.</summary>
    public static IReadOnlyList<ZooRecipe> All { get; } =
    [
        new Reinforcement.QLearningRecipe(),
        new Reinforcement.DqnCartPoleRecipe(),
    ];

    /// <summary>The recipe called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No recipe has that name; the message lists those there are.</exception>
    public static ZooRecipe Get(string name) =>
        All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"There is no zoo recipe '{name}'. The recipes are: {string.Join(", ", All.Select(r => r.Name))}.", nameof(name));
}
