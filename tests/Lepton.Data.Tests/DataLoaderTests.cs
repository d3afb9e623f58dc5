namespace Lepton.Data.Tests;

public sealed class DataLoaderTests
{
    [Theory]
    [InlineData(10, 3, false, 4, new[] { 3, 3, 3, 1 })]
    [InlineData(10, 3, true, 3, new[] { 3, 3, 3 })]
    [InlineData(9, 3, false, 3, new[] { 3, 3, 3 })]
    [InlineData(9, 3, true, 3, new[] { 3, 3, 3 })]
    [InlineData(2, 5, false, 1, new[] { 2 })]
    [InlineData(2, 5, true, 0, new int[0])]
    public void Batch_count_and_sizes_follow_dropLast(int count, int batchSize, bool dropLast, int expectedBatches, int[] expectedSizes)
    {
        using var data = TestData.Ids(count);
        var loader = new DataLoader(data, batchSize, dropLast: dropLast);
        Assert.Equal(expectedBatches, loader.BatchCount);
        Assert.Equal(expectedSizes, TestData.Pass(loader).Select(b => b.Length));
    }

    [Fact]
    public void In_memory_data_is_batched_on_the_training_thread_and_everything_else_ahead_of_it()
    {
        using var data = TestData.Ids(20);
        Assert.Equal(0, new DataLoader(data, 4).Prefetch);
        Assert.Equal(0, new DataLoader(data.Take(10), 4).Prefetch);
        Assert.Equal(2, new DataLoader(data.Map(new PassThrough()), 4).Prefetch);
        Assert.Equal(3, new DataLoader(data, 4, prefetch: 3).Prefetch);
    }

    private sealed class PassThrough : IBatchTransform
    {
        public Batch Apply(Batch batch) => batch;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Every_example_appears_exactly_once_per_pass(int prefetch)
    {
        using var data = TestData.Ids(103);
        var loader = new DataLoader(data, 10, shuffle: true, prefetch: prefetch, random: new Random(1));
        for (var pass = 0; pass < 3; pass++)
        {
            var ids = TestData.Pass(loader).SelectMany(b => b).Order().ToArray();
            Assert.Equal(Enumerable.Range(0, 103).Select(i => (long)i), ids);
        }
    }

    [Fact]
    public void Unshuffled_passes_keep_the_dataset_order()
    {
        using var data = TestData.Ids(25);
        var ids = TestData.Pass(new DataLoader(data, 7)).SelectMany(b => b);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), ids);
    }

    [Fact]
    public void Shuffled_order_differs_between_passes_and_repeats_under_the_same_seed()
    {
        using var data = TestData.Ids(100);

        LeptonRuntime.Seed(123);
        var first = new DataLoader(data, 10, shuffle: true);
        var a1 = TestData.Pass(first).SelectMany(b => b).ToArray();
        var a2 = TestData.Pass(first).SelectMany(b => b).ToArray();

        LeptonRuntime.Seed(123);
        var second = new DataLoader(data, 10, shuffle: true);
        var b1 = TestData.Pass(second).SelectMany(b => b).ToArray();
        var b2 = TestData.Pass(second).SelectMany(b => b).ToArray();

        Assert.NotEqual(a1, a2);
        Assert.NotEqual(Enumerable.Range(0, 100).Select(i => (long)i), a1);
        Assert.Equal(a1, b1);
        Assert.Equal(a2, b2);
    }

    [Fact]
    public void Prefetching_gives_the_same_batches_as_building_them_in_place()
    {
        using var data = TestData.Ids(57);
        var inPlace = new DataLoader(data, 8, shuffle: true, prefetch: 0, random: new Random(9));
        var ahead = new DataLoader(data, 8, shuffle: true, prefetch: 3, random: new Random(9));
        for (var pass = 0; pass < 2; pass++)
        {
            var expected = TestData.Pass(inPlace);
            var actual = TestData.Pass(ahead);
            Assert.Equal(expected.Count, actual.Count);
            for (var b = 0; b < expected.Count; b++) Assert.Equal(expected[b], actual[b]);
        }
    }

    [Fact]
    public void Batches_carry_the_inputs_that_belong_to_their_targets()
    {
        using var data = TestData.Ids(20);
        foreach (var batch in new DataLoader(data, 6, shuffle: true, random: new Random(4)))
        {
            using (batch)
            {
                var inputs = batch.Inputs[0].data<float>().Select(v => (long)v);
                Assert.Equal(TestData.IdsOf(batch), inputs);
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void An_exception_in_the_dataset_reaches_the_consumer_with_its_message(int prefetch)
    {
        var data = new FailingItems(count: 20, failAt: 13, message: "disk on fire at item 13");
        var loader = new DataLoader(data, 4, prefetch: prefetch);
        var received = new List<long[]>();
        var run = Task.Run(() =>
        {
            foreach (var batch in loader)
            {
                using (batch) received.Add(TestData.IdsOf(batch));
            }
        });

        Assert.True(SpinWait.SpinUntil(() => run.IsCompleted, TimeSpan.FromSeconds(20)), "the pass did not finish");
        var error = Assert.IsAssignableFrom<Exception>(run.Exception?.InnerException);
        Assert.Contains("disk on fire at item 13", error.Message);
        Assert.Equal(3, received.Count);
    }

    [Fact]
    public async Task Breaking_out_early_disposes_pending_batches_and_returns()
    {
        var data = new RecordingDataset(1000);
        var loader = new DataLoader(data, 1, prefetch: 4);
        var run = Task.Run(() =>
        {
            foreach (var batch in loader)
            {
                batch.Dispose();
                Thread.Sleep(50); // let the producer fill its queue and block
                break;
            }
        });

        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20))));
        await run;
        Assert.NotEmpty(data.Created);
        Assert.True(data.Created.Count < 40, $"the producer built {data.Created.Count / 2} batches for a pass that stopped after one");
        Assert.All(data.Created, t => Assert.True(t.IsInvalid, "a batch the consumer never took was not disposed"));
    }

    [Fact]
    public void A_pass_can_be_abandoned_before_it_starts()
    {
        using var data = TestData.Ids(50);
        var loader = new DataLoader(data, 5, prefetch: 2);
        using (var pass = loader.GetEnumerator())
        {
        }
        Assert.Equal(10, TestData.Pass(loader).Count);
    }

    [Fact]
    public void Empty_datasets_and_bad_sizes_are_refused()
    {
        using var data = TestData.Ids(5);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(data, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(data, 2, prefetch: -1));
        var empty = data.Take(0);
        var error = Assert.Throws<ArgumentException>(() => new DataLoader(empty, 2));
        Assert.Contains("empty", error.Message);
    }
}
