using System.Runtime.InteropServices;
using System.Text;
using static Lepton.Training.Trees.LightGbmNative;

namespace Lepton.Training.Trees;

/// <summary>
/// A LightGBM booster trained one round at a time, so the loop around it can report each round's validation loss,
/// stop early, stop when a callback or the time limit says so, and keep the best round's trees.
/// </summary>
internal sealed class LightGbmBooster : SafeHandle
{
    private readonly double[] results;

    private LightGbmBooster(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(handle);
        Check(LGBM_BoosterGetEvalCounts(handle, out var metrics), "counting the evaluation metrics");
        results = new double[Math.Max(1, metrics)];
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>A booster over <paramref name="training"/> (which must outlive it) with LightGBM's <paramref name="parameters"/>.</summary>
    public static LightGbmBooster Create(LightGbmDataset training, string parameters)
    {
        ArgumentNullException.ThrowIfNull(training);
        Check(LGBM_BoosterCreate(training.DangerousGetHandle(), parameters, out var created), "creating the booster");
        return new LightGbmBooster(created);
    }

    /// <summary>Adds a validation set (which must outlive the booster): <see cref="Evaluate"/>'s data index 1.</summary>
    public void AddValidation(LightGbmDataset validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        Check(LGBM_BoosterAddValidData(handle, validation.DangerousGetHandle()), "adding the validation set");
    }

    /// <summary>Grows one round of trees; false when no tree could be split any further (the round is not kept).</summary>
    public bool UpdateOneRound()
    {
        Check(LGBM_BoosterUpdateOneIter(handle, out var finished), "growing a round of trees");
        return finished == 0;
    }

    /// <summary>The rounds grown so far.</summary>
    public int Rounds
    {
        get
        {
            Check(LGBM_BoosterGetCurrentIteration(handle, out var rounds), "reading the round");
            return rounds;
        }
    }

    /// <summary>The metrics (in the order of the <c>metric</c> parameter) on the training set (0) or a validation set (1, …).</summary>
    public double[] Evaluate(int dataIndex)
    {
        Check(LGBM_BoosterGetEval(handle, dataIndex, out var length, results), "evaluating the metrics");
        return results.AsSpan(0, length).ToArray();
    }

    /// <summary>The first <paramref name="rounds"/> rounds (0: all) in LightGBM's text model format.</summary>
    public string ModelText(int rounds)
    {
        Check(LGBM_BoosterSaveModelToString(handle, 0, rounds, 0, 0, out var length, null), "measuring the model");
        var text = new byte[length];
        Check(LGBM_BoosterSaveModelToString(handle, 0, rounds, 0, length, out length, text), "writing the model");
        return Encoding.UTF8.GetString(text, 0, (int)Math.Max(0, length - 1));
    }

    /// <summary>
    /// LightGBM's own raw scores (the sum of the first <paramref name="rounds"/> rounds' trees, 0: all; rows × outputs)
    /// for row-major <paramref name="rows"/>: the reference in tests.
    /// </summary>
    internal double[] PredictRaw(float[] rows, int count, int features, int outputs, int rounds)
    {
        var scores = new double[count * outputs];
        Check(LGBM_BoosterPredictForMat(handle, rows, Float32, count, features, 1, PredictRawScore, 0, rounds, "", out _, scores), "predicting");
        return scores;
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => LGBM_BoosterFree(handle) == 0;
}
