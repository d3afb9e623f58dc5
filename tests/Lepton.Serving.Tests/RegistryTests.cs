using System.Net;
using Lepton.Tracking;

namespace Lepton.Serving.Tests;

public sealed class RegistryTests
{
    [Fact]
    public async Task A_registry_model_is_served_under_its_name_and_version_and_its_deployment_is_recorded()
    {
        using var home = new TempFolder();
        var saved = Environment.GetEnvironmentVariable(LeptonHome.Variable);
        Environment.SetEnvironmentVariable(LeptonHome.Variable, home.Path);
        try
        {
            await using (var tracking = await TrackingClient.OpenAsync(TrackingSettings.FromEnvironment() with { TrackingUri = "sqlite:///" + home.PathOf("lepton.db") }))
            {
                await tracking.Registry.RegisterFileAsync("fashion", TestModels.Classifier(1));
                var second = await tracking.Registry.RegisterFileAsync("fashion", TestModels.Classifier(2));
                await tracking.Registry.SetAliasAsync("fashion", "production", second.Version);
            }

            int port;
            await using (var server = await TestServer.StartAsync(o => o.TrackingUri = "sqlite:///" + home.PathOf("lepton.db"), "fashion@production"))
            {
                var response = await server.InferAsync("fashion", [1, 2, 3, 4], [1, 4]);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("2", response.Headers.GetValues("X-Model-Version").Single());
                port = server.Server.Address.Port;
            }

            await using var check = await TrackingClient.OpenAsync(TrackingSettings.FromEnvironment() with { TrackingUri = "sqlite:///" + home.PathOf("lepton.db") });
            var lineage = await check.Store.GetLineageAsync("fashion", 2);
            var deployment = Assert.Single(lineage.Deployments);
            Assert.Contains($"127.0.0.1:{port}", deployment.Target);
        }
        finally
        {
            Environment.SetEnvironmentVariable(LeptonHome.Variable, saved);
        }
    }
}
