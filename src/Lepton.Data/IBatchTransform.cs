namespace Lepton.Data;

/// <summary>A change applied to whole batches, such as image augmentation.</summary>
public interface IBatchTransform
{
    /// <summary>Returns the transformed batch; the input batch is consumed (disposed or returned).</summary>
    Batch Apply(Batch batch);
}
