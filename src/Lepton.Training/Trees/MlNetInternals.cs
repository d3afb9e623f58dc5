using System.Collections.Immutable;
using System.Reflection;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace Lepton.Training.Trees;

/// <summary>
/// The two facts about a trained LightGBM model that ML.NET holds but does not publish, read by reflection:
/// <list type="bullet">
/// <item>which way a missing (NaN) value goes at each node: ML.NET keeps the number each NaN is replaced by before the
/// comparison (the threshold to go left, threshold + 1 to go right; none in a tree without a missing-value split,
/// where NaN compares false and goes right) in <c>InternalRegressionTree.DefaultValueForMissing</c>;</item>
/// <item>a multiclass model's trees per class: <c>OneVersusAllModelParameters.SubModelParameters</c> is internal.</item>
/// </list>
/// The versions are pinned (Directory.Packages.props) and the trainer's tests compare every prediction with ML.NET's
/// own, NaN rows and multiclass included, so a change there fails a test rather than a model.
/// </summary>
internal static class MlNetInternals
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
    private static readonly FieldInfo? TreeField = typeof(RegressionTreeBase).GetField("_tree", Members);
    private static readonly FieldInfo? DefaultsField = TreeField?.FieldType.GetField("DefaultValueForMissing", Members);
    private static readonly PropertyInfo? SubModelsProperty = typeof(OneVersusAllModelParameters).GetProperty("SubModelParameters", Members);

    /// <summary>For each of the tree's first <paramref name="nodes"/> nodes, whether NaN goes left.</summary>
    public static bool[] MissingGoesLeft(RegressionTreeBase tree, int nodes)
    {
        if (TreeField is null || DefaultsField is null) throw Changed("InternalRegressionTree.DefaultValueForMissing");
        var defaults = (float[]?)DefaultsField.GetValue(TreeField.GetValue(tree));
        var thresholds = tree.NumericalSplitThresholds;
        var left = new bool[nodes];
        if (defaults is null) return left;
        for (var n = 0; n < nodes; n++) left[n] = defaults[n] <= thresholds[n];
        return left;
    }

    /// <summary>A one-vs-all or softmax multiclass model's per-class predictors, in class order.</summary>
    public static IReadOnlyList<object> PerClassModels(OneVersusAllModelParameters model)
    {
        if (SubModelsProperty?.GetValue(model) is not ImmutableArray<object> models) throw Changed("OneVersusAllModelParameters.SubModelParameters");
        return models;
    }

    private static InvalidOperationException Changed(string member) =>
        new($"Lepton.Training reads {member} from ML.NET, which {typeof(RegressionTreeBase).Assembly.GetName()} does not have: use Microsoft.ML.LightGbm 6.0.0, the version Lepton pins.");
}
