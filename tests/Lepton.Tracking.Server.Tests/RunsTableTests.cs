using System.Net;

namespace Lepton.Tracking.Server.Tests;

/// <summary>The runs table's routes as a browser or another client sees them: JSON shapes and parameter names.</summary>
public sealed class RunsTableTests
{
    private static async Task SeedAsync(RunningServer server)
    {
        await using var store = server.OpenStore();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            var run = await store.CreateRunAsync(new RunStart("table", $"run-{i}", Tags: new Dictionary<string, string> { ["team"] = "vision" }) { StartTime = now.AddSeconds(i) });
            await store.LogBatchAsync(run.RunId, new RunBatch(new Dictionary<string, string> { ["lr"] = $"0.{i}" }, null, [new("val_accuracy", i / 10.0, 1, 1, now)]));
        }
    }

    [Fact]
    public async Task Count_columns_and_an_offset_page_answer_in_the_documented_shapes()
    {
        await using var server = await RunningServer.StartAsync();
        await SeedAsync(server);

        var count = await ApiResponse.SendAsync(server.Http, HttpMethod.Post, "/api/runs/count", """{"experiments":["table"],"filter":"metrics.val_accuracy >= 0.2"}""");
        var columns = await ApiResponse.SendAsync(server.Http, HttpMethod.Get, "/api/runs/columns?experiment=table");
        var everyColumn = await ApiResponse.SendAsync(server.Http, HttpMethod.Get, "/api/runs/columns");
        var page = await ApiResponse.SendAsync(server.Http, HttpMethod.Post, "/api/runs/search",
            """{"experiments":["table"],"order_by":"metrics.val_accuracy desc","max_results":2,"offset":1}""");

        Assert.Equal(HttpStatusCode.OK, count.Status);
        Assert.Equal(3, count.Json.GetProperty("count").GetInt32());
        Assert.Equal(HttpStatusCode.OK, columns.Status);
        Assert.Equal(["lr"], columns.Json.GetProperty("params").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["val_accuracy"], columns.Json.GetProperty("metrics").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["team"], columns.Json.GetProperty("tags").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(columns.Body, everyColumn.Body);
        Assert.Equal(["run-3", "run-2"], page.Json.EnumerateArray().Select(r => r.GetProperty("info").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Bad_paging_and_unknown_experiments_are_refused_with_the_reason()
    {
        await using var server = await RunningServer.StartAsync();
        await SeedAsync(server);

        var negative = await ApiResponse.SendAsync(server.Http, HttpMethod.Post, "/api/runs/search", """{"offset":-5}""");
        var unknown = await ApiResponse.SendAsync(server.Http, HttpMethod.Get, "/api/runs/columns?experiment=nope");
        var badFilter = await ApiResponse.SendAsync(server.Http, HttpMethod.Post, "/api/runs/count", """{"filter":"colour = 'red'"}""");

        Assert.Contains("Offset is -5", negative.AssertError(HttpStatusCode.BadRequest, "invalid"), StringComparison.Ordinal);
        Assert.Contains("'nope'", unknown.AssertError(HttpStatusCode.NotFound, "not_found"), StringComparison.Ordinal);
        Assert.Contains("unknown attribute", badFilter.AssertError(HttpStatusCode.BadRequest, "invalid"), StringComparison.Ordinal);
    }
}
