using TorchSharp;

namespace Lepton.Data.Augmentation;

/// <summary>Applies an image operation to every (N, C, H, W) input of a batch, leaving other inputs and the target alone.</summary>
internal static class ImageBatch
{
    static ImageBatch() => NativeInitializer.Run();

    /// <summary>
    /// Replaces each 4-D input with <paramref name="transform"/>'s result and disposes the replaced tensor. The
    /// batch is consumed either way: on failure it is disposed before the exception leaves.
    /// </summary>
    public static Batch Map(Batch batch, string transformName, Func<torch.Tensor, torch.Tensor> transform)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var outputs = new torch.Tensor[batch.Inputs.Count];
        try
        {
            using var scope = torch.NewDisposeScope();
            var sawImages = false;
            for (var k = 0; k < outputs.Length; k++)
            {
                var input = batch.Inputs[k];
                outputs[k] = input;
                if (input.dim() != 4) continue;
                sawImages = true;
                if (!input.is_floating_point())
                    throw new ArgumentException(
                        $"{transformName} needs floating-point images, but input {k} is {input.dtype}: convert the images to float32 (scaled to [0, 1]) first.",
                        nameof(batch));
                if (input.shape[0] > 0) outputs[k] = transform(input);
            }
            if (!sawImages)
                throw new ArgumentException(
                    $"{transformName} works on image batches shaped (N, C, H, W), but this batch's inputs have shapes {string.Join(", ", batch.Inputs.Select(t => $"[{string.Join(", ", t.shape)}]"))}.",
                    nameof(batch));
            for (var k = 0; k < outputs.Length; k++)
            {
                if (!ReferenceEquals(outputs[k], batch.Inputs[k])) outputs[k].MoveToOuterDisposeScope();
            }
        }
        catch
        {
            batch.Dispose();
            throw;
        }

        for (var k = 0; k < outputs.Length; k++)
        {
            if (!ReferenceEquals(outputs[k], batch.Inputs[k])) batch.Inputs[k].Dispose();
        }
        return new Batch(outputs, batch.Target);
    }

    /// <summary>Draws <paramref name="count"/> values uniformly from [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static float[] Uniform(Random random, int count, double min, double max)
    {
        var values = new float[count];
        lock (random)
        {
            for (var i = 0; i < count; i++) values[i] = (float)(min + (max - min) * random.NextDouble());
        }
        return values;
    }
}
