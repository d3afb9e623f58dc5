using Lepton.Tracking.Datasets;

namespace Lepton.Tracking.Testing;

// Datasets across runs: profiles kept per content hash, the list of datasets, and one dataset's uses.
public abstract partial class MetadataStoreContract
{
    private static DatasetProfile Profile(double shift) => new()
    {
        Rows = 1000,
        DuplicateRows = 3,
        Columns =
        [
            new ProfiledColumn
            {
                Name = "age", Kind = "integer", Count = 990, Missing = 10, Distinct = 60, Mean = 40 + shift, StandardDeviation = 10, Min = 18 + shift, Max = 90 + shift,
                Percentiles = Enumerable.Range(0, DatasetProfile.PercentileCount).Select(i => 18 + shift + 0.72 * i).ToList(),
                Histogram = [new ProfileBin(18, 54, 600), new ProfileBin(54, 90, 390)],
            },
            new ProfiledColumn { Name = "plan", Kind = "categorical", Count = 1000, Missing = 0, Distinct = 2, TopValues = [new ProfileValue("basic", 700), new ProfileValue("pro <b>", 300)] },
        ],
    };

    [ContractFact]
    public async Task A_dataset_profile_is_kept_per_content_and_read_back_whole()
    {
        var (first, second) = (await StartAsync("customers"), await StartAsync("customers"));
        var data = new DatasetFingerprint("customers.csv", Hash('p'), 1000, "[{\"name\":\"age\"}]");
        await Store.RecordDatasetAsync(first.RunId, new RunDataset(data, "train"));
        await Store.RecordDatasetAsync(second.RunId, new RunDataset(data with { Name = "customers-copy.csv" }, "evaluation"));
        await Store.RecordDatasetProfileAsync(data.Hash, Profile(0));
        await Store.RecordDatasetProfileAsync(data.Hash, Profile(5)); // a later profile replaces the earlier

        var details = await Store.GetDatasetAsync(data.Hash);

        Assert.Equal(data.Hash, details.Hash);
        Assert.Equal(["customers.csv", "customers-copy.csv"], details.Recorded.Select(d => d.Name));
        Assert.Equal([(second.RunId, "evaluation"), (first.RunId, "train")], details.Uses.Select(u => (u.RunId, u.Context)).OrderBy(u => u.Context, StringComparer.Ordinal));
        Assert.All(details.Uses, u => Assert.Equal("customers", u.Experiment));
        var profile = Assert.IsType<DatasetProfile>(details.Profile);
        Assert.Equal(1000, profile.Rows);
        Assert.Equal(3, profile.DuplicateRows);
        var age = profile.Column("age")!;
        Assert.Equal(45, age.Mean);
        Assert.Equal(Profile(5).Columns[0].Percentiles, age.Percentiles);
        Assert.Equal([new ProfileBin(18, 54, 600), new ProfileBin(54, 90, 390)], age.Histogram);
        Assert.Equal([new ProfileValue("basic", 700), new ProfileValue("pro <b>", 300)], profile.Column("plan")!.TopValues);
        Assert.Null(profile.Column("plan")!.Percentiles);
    }

    [ContractFact]
    public async Task The_datasets_list_counts_runs_and_says_which_have_profiles()
    {
        var (a, b) = (await StartAsync(), await StartAsync());
        var profiled = new DatasetFingerprint("train.csv", Hash('q'), 1000, "[]");
        var bare = new DatasetFingerprint("images", Hash('r'), 50, "{}");
        await Store.RecordDatasetAsync(a.RunId, new RunDataset(profiled, "train"));
        await Store.RecordDatasetAsync(b.RunId, new RunDataset(profiled, "train"));
        await Store.RecordDatasetAsync(b.RunId, new RunDataset(bare, "test"));
        await Store.RecordDatasetProfileAsync(profiled.Hash, Profile(0));

        var list = await Store.ListDatasetsAsync();

        var p = Assert.Single(list, d => d.Dataset.Hash == profiled.Hash);
        Assert.Equal((profiled, 2, true), (p.Dataset, p.Runs, p.HasProfile));
        var q = Assert.Single(list, d => d.Dataset.Hash == bare.Hash);
        Assert.Equal((bare, 1, false), (q.Dataset, q.Runs, q.HasProfile));
        Assert.Single(await Store.ListDatasetsAsync(limit: 1));
        Assert.Null((await Store.GetDatasetAsync(bare.Hash)).Profile);
    }

    [ContractFact]
    public async Task A_profile_needs_a_recorded_dataset_and_sound_figures()
    {
        var missing = await Assert.ThrowsAsync<TrackingException>(() => Store.RecordDatasetProfileAsync(Hash('s'), Profile(0)));
        Assert.Equal(TrackingErrorKind.NotFound, missing.Kind);
        Assert.Equal(TrackingErrorKind.NotFound, (await Assert.ThrowsAsync<TrackingException>(() => Store.GetDatasetAsync(Hash('s')))).Kind);

        var run = await StartAsync();
        var data = new DatasetFingerprint("d.csv", Hash('t'), 1000, "[]");
        await Store.RecordDatasetAsync(run.RunId, new RunDataset(data, "train"));
        var falling = new DatasetProfile
        {
            Rows = 10,
            Columns = [new ProfiledColumn { Name = "x", Kind = "float", Count = 10, Missing = 0, Distinct = 10, Percentiles = Enumerable.Range(0, DatasetProfile.PercentileCount).Select(i => 100.0 - i).ToList() }],
        };
        var bad = await Assert.ThrowsAsync<TrackingException>(() => Store.RecordDatasetProfileAsync(data.Hash, falling));
        Assert.Equal(TrackingErrorKind.Invalid, bad.Kind);
        Assert.Contains("'x'", bad.Message, StringComparison.Ordinal);
        Assert.Null((await Store.GetDatasetAsync(data.Hash)).Profile);
    }
}
