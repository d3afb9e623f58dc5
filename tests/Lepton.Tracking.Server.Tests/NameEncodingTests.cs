using Lepton.Tracking.Remote;
namespace Lepton.Tracking.Server.Tests;

/// <summary>Names travel in paths and query strings: whatever a local store accepts must arrive unchanged.</summary>
public sealed class NameEncodingTests
{
    [Theory]
    [InlineData("fashion mnist")]
    [InlineData("100% sure?")]
    [InlineData("a#b&c=d+e")]
    [InlineData("résumé-模型")]
    [InlineData("%2F")]
    [InlineData("v1.2")]
    [InlineData("...a")]
    public async Task Model_and_experiment_names_arrive_as_written(string name)
    {
        await using var server = await RunningServer.StartAsync();
        await using var store = server.OpenStore();

        var model = await new HttpArtifactStore(store).PutAsync(new MemoryStream("model"u8.ToArray()));
        await store.CreateModelVersionAsync(new NewModelVersion(name, model.Hash, "f"));
        await store.SetAliasAsync(name, "production", 1);
        var experiment = await store.GetOrCreateExperimentAsync(name + "/sub");

        Assert.Equal(name, (await store.GetRegisteredModelAsync(name)).Name);
        Assert.Equal(1, (await store.GetModelVersionByAliasAsync(name, "production")).Version);
        Assert.Equal(name, Assert.Single(await store.ListRegisteredModelsAsync()).Name);
        Assert.Equal(experiment.Id, (await store.GetExperimentAsync(name + "/sub")).Id);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public async Task Model_names_that_are_only_dots_are_refused_as_a_local_store_refuses_them(string name)
    {
        await using var server = await RunningServer.StartAsync();
        await using var store = server.OpenStore();

        var error = await Assert.ThrowsAsync<TrackingException>(() => store.CreateRegisteredModelAsync(name));
        var versions = await Assert.ThrowsAsync<TrackingException>(() => store.CreateModelVersionAsync(new NewModelVersion(name, new string('a', 64), "f")));

        Assert.Equal(TrackingErrorKind.Invalid, error.Kind);
        Assert.Equal(TrackingErrorKind.Invalid, versions.Kind);
        Assert.Contains("only dots", error.Message, StringComparison.Ordinal);
    }
}
