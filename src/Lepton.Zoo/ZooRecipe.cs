namespace Lepton.Zoo;

/// <summary>
/// One runnable recipe of the model zoo: its data, its model, its training loop and the quality figure it is judged by.
/// <c>lepton zoo run NAME</c> runs it, records it and prints the figure as its last line (<c>NAME: METRIC VALUE</c>).
/// </summary>
public abstract class ZooRecipe
{
    /// <summary>The name <c>lepton zoo run</c> takes (<c>vae</c>, <c>dqn-cartpole</c>).</summary>
    public abstract string Name { get; }

    /// <summary>What it trains and on which data, in one line.</summary>
    public abstract string Description { get; }

    /// <summary>The key of the figure it is judged by (<c>roc_auc</c>, <c>success_rate</c>, <c>mase</c>).</summary>
    public abstract string Metric { get; }

    /// <summary>Whether a higher or a lower <see cref="Metric"/> is better.</summary>
    public abstract MetricDirection Direction { get; }

    /// <summary>The goal the full run is measured against, in words (<c>≥ 0.70</c>).</summary>
    public abstract string Goal { get; }

    /// <summary>The settings a user may give (<c>--set NAME=VALUE</c>), name → what it does; none by default.</summary>
    public virtual IReadOnlyDictionary<string, string> Options { get; } = new Dictionary<string, string>();

    /// <summary>
    /// Trains and scores the recipe. Runs on the calling thread; a long loop checks
    /// <see cref="RecipeContext.CancellationToken"/> and passes <see cref="RecipeContext.Callbacks"/> to <c>Fit</c>.
    /// </summary>
    public abstract RecipeResult Run(RecipeContext context);

    /// <inheritdoc />
    public override string ToString() => Name;
}
