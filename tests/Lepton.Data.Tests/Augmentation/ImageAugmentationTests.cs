using Lepton.Data.Augmentation;
using TorchSharp;

namespace Lepton.Data.Tests.Augmentation;

public sealed class ImageAugmentationTests
{
    private static ImageAugmentation Pipeline() =>
        new(new RandomFlip(), new RandomCrop(2), new RandomRotation(15), new RandomTranslation(0.1), new Normalize([0.5], [0.25]));

    [Fact]
    public void The_same_seed_gives_the_same_augmented_batch()
    {
        LeptonRuntime.Seed(7);
        using var first = Pipeline().Apply(RandomImages(11));
        LeptonRuntime.Seed(7);
        using var second = Pipeline().Apply(RandomImages(11));
        LeptonRuntime.Seed(8);
        using var other = Pipeline().Apply(RandomImages(11));

        Assert.True(first.Inputs[0].eq(second.Inputs[0]).all().item<bool>());
        Assert.False(first.Inputs[0].eq(other.Inputs[0]).all().item<bool>());
    }

    [Fact]
    public void Steps_run_in_order_and_only_inputs_change()
    {
        var images = torch.tensor(new float[] { 1, 2, 3 }, [1, 1, 1, 3]);
        var target = torch.tensor(new long[] { 4 });
        var pipeline = new ImageAugmentation(new RandomFlip(probability: 1, random: new Random(1)), new Normalize([1], [2]));
        using var batch = pipeline.Apply(new Batch([images], target));
        Assert.Equal([1f, 0.5f, 0f], batch.Inputs[0].data<float>().ToArray());
        Assert.Same(target, batch.Target);
        Assert.True(images.IsInvalid);
        Assert.Equal(2, pipeline.Steps.Count);
    }

    [Fact]
    public void Augmentation_runs_inside_a_prefetching_loader()
    {
        using var data = new TensorDataset(torch.rand(40, 1, 8, 8), torch.arange(40, dtype: torch.int64));
        var augmented = data.Map(new ImageAugmentation(new RandomFlip(random: new Random(1)), new RandomCrop(1, new Random(2))));
        var ids = new List<long>();
        foreach (var batch in new DataLoader(augmented, 16, shuffle: true, prefetch: 2, random: new Random(3)))
        {
            using (batch)
            {
                Assert.Equal([batch.Count, 1L, 8, 8], batch.Inputs[0].shape);
                ids.AddRange(TestData.IdsOf(batch));
            }
        }
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), ids.Order());
    }

    [Fact]
    public void Augmented_tensors_do_not_leak_into_an_enclosing_dispose_scope_or_out_of_it()
    {
        Batch batch;
        using (var scope = torch.NewDisposeScope())
        {
            batch = Pipeline().Apply(RandomImages(4));
            Assert.Equal(2, scope.DisposablesCount);
        }
        Assert.True(batch.Inputs[0].IsInvalid, "the result should belong to the caller's scope, as TensorDataset batches do");
    }

    private static Batch RandomImages(int n)
    {
        var generator = new torch.Generator(42);
        return new Batch([torch.rand([n, 1, 12, 12], generator: generator)], torch.arange(n, dtype: torch.int64));
    }
}
