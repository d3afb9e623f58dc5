using Lepton.Data.Augmentation;
using Lepton.Data.Datasets;
using TorchSharp;

namespace Lepton.Data.Tests.Datasets;

/// <summary>Checks against the real dataset (Debian's dataset-fashion-mnist package).</summary>
public sealed class FashionMnistInstalledTests
{
    [FactIfFashionMnist]
    public void The_real_dataset_has_the_published_counts_shapes_and_balance()
    {
        var (train, test) = FashionMnist.Load();
        using (train)
        using (test)
        {
            Assert.Equal(60000, train.Count);
            Assert.Equal(10000, test.Count);
            Assert.Equal([60000L, 1, 28, 28], train.Input().shape);
            Assert.Equal([10000L, 1, 28, 28], test.Input().shape);
            Assert.Equal(torch.ScalarType.Float32, train.Input().dtype);
            Assert.Equal(torch.ScalarType.Int64, train.Target!.dtype);
            Assert.Equal(0f, train.Input().min().item<float>());
            Assert.Equal(1f, train.Input().max().item<float>());
            Assert.Equal(Enumerable.Repeat(6000L, 10), train.Target.bincount(null).data<long>().ToArray());
            Assert.Equal(Enumerable.Repeat(1000L, 10), test.Target!.bincount(null).data<long>().ToArray());
            Assert.Equal(FashionMnist.ClassNames, train.ClassNames);
        }
    }

    [FactIfFashionMnist]
    public void Real_batches_flow_through_augmentation_and_the_loader()
    {
        var (train, test) = FashionMnist.Load();
        using (train)
        using (test)
        {
            var augmented = test.Take(256).Map(new ImageAugmentation(new RandomFlip(), new RandomCrop(2), new Normalize([0.286], [0.353])));
            var seen = 0;
            foreach (var batch in new DataLoader(augmented, 64, shuffle: true))
            {
                using (batch)
                {
                    Assert.Equal([64L, 1, 28, 28], batch.Inputs[0].shape);
                    seen += batch.Count;
                }
            }
            Assert.Equal(256, seen);
        }
    }
}
