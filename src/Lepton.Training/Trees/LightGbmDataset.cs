using System.Runtime.InteropServices;
using static Lepton.Training.Trees.LightGbmNative;

namespace Lepton.Training.Trees;

/// <summary>
/// A LightGBM dataset (its features bucketed into bins, and the labels), filled a chunk of rows at a time so that no
/// copy of the whole feature matrix is ever made: the training set bins its features from the rows LightGBM's own
/// sampler picks (<c>LGBM_SampleIndices</c>, as <c>LGBM_DatasetCreateFromMat</c> does), a validation set takes the
/// training set's bins; then the rows are pushed in chunks.
/// </summary>
internal sealed class LightGbmDataset : SafeHandle
{
    /// <summary>LightGBM's kZeroThreshold: a sampled value this close to 0 counts as a zero, which the sample leaves out.</summary>
    private const float ZeroThreshold = 1e-35f;

    private LightGbmDataset(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    /// <inheritdoc/>
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The training set: bins from a sample of <paramref name="rows"/>, then every row and its label.</summary>
    public static LightGbmDataset Training(TreeRows rows, string parameters)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var (n, f) = (rows.Count, rows.FeatureCount);
        Check(LGBM_GetSampleCount(n, parameters, out var capacity), "counting the rows to sample for binning");
        var sample = new int[capacity];
        Check(LGBM_SampleIndices(n, parameters, sample, out var sampled), "sampling rows for binning");

        // Each column's non-zero sampled values (NaN included) and the sample positions they came from, in arrays of
        // exactly their size: the sampled rows are read twice, a chunk at a time, first to count, then to fill (the
        // sample of a wide table is hundreds of megabytes; no dense copy of it is made).
        var buffer = new float[Math.Min(TreeRows.ChunkRows, Math.Max(1, sampled)) * f];
        var perColumn = new int[f];
        ForEachSampled(rows, sample, sampled, buffer, (i, j, v) => perColumn[j]++);
        var values = new double[f][];
        var positions = new int[f][];
        for (var j = 0; j < f; j++) (values[j], positions[j]) = (new double[perColumn[j]], new int[perColumn[j]]);
        var filled = new int[f];
        ForEachSampled(rows, sample, sampled, buffer, (i, j, v) =>
        {
            values[j][filled[j]] = v;
            positions[j][filled[j]++] = i;
        });

        var pins = new List<GCHandle>(2 * f);
        IntPtr created;
        try
        {
            var valuePointers = new IntPtr[f];
            var positionPointers = new IntPtr[f];
            for (var j = 0; j < f; j++)
            {
                var v = GCHandle.Alloc(values[j], GCHandleType.Pinned);
                pins.Add(v);
                valuePointers[j] = v.AddrOfPinnedObject();
                var p = GCHandle.Alloc(positions[j], GCHandleType.Pinned);
                pins.Add(p);
                positionPointers[j] = p.AddrOfPinnedObject();
            }
            Check(LGBM_DatasetCreateFromSampledColumn(valuePointers, positionPointers, f, perColumn, sampled, n, n, parameters, out created),
                "binning the training features");
        }
        finally
        {
            foreach (var pin in pins) pin.Free();
        }
        var dataset = new LightGbmDataset(created);
        dataset.Fill(rows);
        return dataset;
    }

    /// <summary>Calls <paramref name="kept"/> (sample position, column, value) for every sampled value LightGBM keeps: not zero, or NaN.</summary>
    private static void ForEachSampled(TreeRows rows, int[] sample, int sampled, float[] buffer, Action<int, int, float> kept)
    {
        var f = rows.FeatureCount;
        for (var start = 0; start < sampled; start += TreeRows.ChunkRows)
        {
            var count = Math.Min(TreeRows.ChunkRows, sampled - start);
            rows.CopyFeatures(sample.AsSpan(start, count), buffer);
            for (var i = 0; i < count; i++)
            {
                for (var j = 0; j < f; j++)
                {
                    var v = buffer[i * f + j];
                    if (Math.Abs(v) > ZeroThreshold || float.IsNaN(v)) kept(start + i, j, v);
                }
            }
        }
    }

    /// <summary>A validation set binned as <paramref name="reference"/> is: every row of <paramref name="rows"/> and its label.</summary>
    public static LightGbmDataset Validation(TreeRows rows, LightGbmDataset reference)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(reference);
        Check(LGBM_DatasetCreateByReference(reference.DangerousGetHandle(), rows.Count, out var created), "creating the validation set");
        var dataset = new LightGbmDataset(created);
        dataset.Fill(rows);
        return dataset;
    }

    /// <summary>
    /// The training set as LightGBM's own <c>LGBM_DatasetCreateFromMat</c> builds it from the whole matrix at once:
    /// the reference that tests hold <see cref="Training"/> to.
    /// </summary>
    internal static LightGbmDataset FromMatrix(float[] matrix, float[] labels, int features, string parameters)
    {
        Check(LGBM_DatasetCreateFromMat(matrix, Float32, labels.Length, features, 1, parameters, IntPtr.Zero, out var created), "building a dataset from a matrix");
        var dataset = new LightGbmDataset(created);
        Check(LGBM_DatasetSetField(created, "label", labels, labels.Length, Float32), "setting the labels");
        return dataset;
    }

    /// <summary>Pushes every row, a chunk at a time (LightGBM finishes the dataset after the last), then the labels.</summary>
    private void Fill(TreeRows rows)
    {
        var (n, f) = (rows.Count, rows.FeatureCount);
        var buffer = new float[Math.Min(TreeRows.ChunkRows, n) * f];
        for (var start = 0; start < n; start += TreeRows.ChunkRows)
        {
            var count = Math.Min(TreeRows.ChunkRows, n - start);
            rows.CopyFeatures(start, count, buffer);
            Check(LGBM_DatasetPushRows(handle, buffer, Float32, count, f, start), $"adding rows {start}–{start + count - 1}");
        }
        Check(LGBM_DatasetSetField(handle, "label", rows.Labels, n, Float32), "setting the labels");
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => LGBM_DatasetFree(handle) == 0;
}
