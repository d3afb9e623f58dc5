using System.Net;
using System.Text;
using Lepton.Tracking.Stores;
using Microsoft.Data.Sqlite;

namespace Lepton.Tracking.Server.Tests;

/// <summary>Every bad request gets a JSON error with a fitting status and a message naming the problem, never a stack trace.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private const int JsonLimit = 64 * 1024;
    private RunningServer _server = null!;
    private string _runId = null!;

    private HttpClient Http => _server.Http;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync(o => o.MaxJsonBodySize = JsonLimit);
        var created = await ApiResponse.SendAsync(Http, HttpMethod.Post, "/api/runs", """{"experiment": "bad-input"}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        _runId = created.Json.GetProperty("run_id").GetString()!;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Unknown_runs_and_models_get_404_naming_them()
    {
        var run = new string('a', 32);
        var runMessage = (await ApiResponse.SendAsync(Http, HttpMethod.Get, $"/api/runs/{run}")).AssertError(HttpStatusCode.NotFound, "not_found");
        var model = (await ApiResponse.SendAsync(Http, HttpMethod.Get, "/api/models/nope")).AssertError(HttpStatusCode.NotFound, "not_found");
        var alias = (await ApiResponse.SendAsync(Http, HttpMethod.Get, "/api/models/nope/aliases/production")).AssertError(HttpStatusCode.NotFound, "not_found");
        var history = (await ApiResponse.SendAsync(Http, HttpMethod.Get, $"/api/runs/{run}/metrics/history?key=loss")).AssertError(HttpStatusCode.NotFound, "not_found");

        Assert.Contains(run, runMessage, StringComparison.Ordinal);
        Assert.Contains("'nope'", model, StringComparison.Ordinal);
        Assert.Contains("'nope'", alias, StringComparison.Ordinal);
        Assert.Contains(run, history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_gets_the_kind_and_message_the_store_gave()
    {
        await using var remote = _server.OpenStore();
        await using var local = await SqliteMetadataStore.OpenAsync(_server.DatabasePath);

        var overHttp = await Assert.ThrowsAsync<TrackingException>(() => remote.GetRegisteredModelAsync("nope"));
        var direct = await Assert.ThrowsAsync<TrackingException>(() => local.GetRegisteredModelAsync("nope"));

        Assert.Equal(direct.Kind, overHttp.Kind);
        Assert.Equal(direct.Message, overHttp.Message);
    }

    [Fact]
    public async Task Broken_json_gets_400()
    {
        var message = (await ApiResponse.SendAsync(Http, HttpMethod.Post, "/api/models", """{"name": """)).AssertError(HttpStatusCode.BadRequest, "invalid");
        Assert.Contains("not valid", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_types_get_400_naming_the_field()
    {
        var name = (await ApiResponse.SendAsync(Http, HttpMethod.Post, "/api/models", """{"name": 5}""")).AssertError(HttpStatusCode.BadRequest, "invalid");
        var value = (await ApiResponse.SendAsync(Http, HttpMethod.Post, $"/api/runs/{_runId}/batch",
            """{"metrics": [{"key": "loss", "value": "high", "step": 1, "epoch": null, "timestamp": "2026-01-01T00:00:00Z"}]}""")).AssertError(HttpStatusCode.BadRequest, "invalid");
        var status = (await ApiResponse.SendAsync(Http, HttpMethod.Post, $"/api/runs/{_runId}/end", """{"status": "sleeping"}""")).AssertError(HttpStatusCode.BadRequest, "invalid");
        var query = (await ApiResponse.SendAsync(Http, HttpMethod.Get, $"/api/runs/{_runId}/metrics/history?key=loss&limit=lots")).AssertError(HttpStatusCode.BadRequest, "invalid");

        Assert.Contains("'$.name'", name, StringComparison.Ordinal);
        Assert.Contains("'$.metrics[0].value'", value, StringComparison.Ordinal);
        Assert.Contains("'$.status'", status, StringComparison.Ordinal);
        Assert.Contains("limit", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_fields_get_400_naming_the_field()
    {
        var name = (await ApiResponse.SendAsync(Http, HttpMethod.Post, "/api/models", "{}")).AssertError(HttpStatusCode.BadRequest, "invalid");
        var hash = (await ApiResponse.SendAsync(Http, HttpMethod.Post, $"/api/runs/{_runId}/artifacts", """{"path": "model.lepton", "size": 1, "created_at": "2026-01-01T00:00:00Z"}"""))
            .AssertError(HttpStatusCode.BadRequest, "invalid");
        var key = (await ApiResponse.SendAsync(Http, HttpMethod.Get, $"/api/runs/{_runId}/metrics/history")).AssertError(HttpStatusCode.BadRequest, "invalid");
        var body = (await ApiResponse.SendAsync(Http, HttpMethod.Post, "/api/models")).AssertError(HttpStatusCode.BadRequest, "invalid");

        Assert.Contains("'name'", name, StringComparison.Ordinal);
        Assert.Contains("'hash'", hash, StringComparison.Ordinal);
        Assert.Contains("key", key, StringComparison.Ordinal);
        Assert.Contains("no body", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_values_get_400_with_the_stores_reason()
    {
        var message = (await ApiResponse.SendAsync(Http, HttpMethod.Post, $"/api/runs/{_runId}/batch",
            """{"metrics": [{"key": "loss;drop", "value": 1, "step": 1, "epoch": null, "timestamp": "2026-01-01T00:00:00Z"}]}""")).AssertError(HttpStatusCode.BadRequest, "invalid");
        var conflict = (await ApiResponse.SendAsync(Http, HttpMethod.Post, "/api/models", """{"name": "twice"}""")).Status;
        var again = (await ApiResponse.SendAsync(Http, HttpMethod.Post, "/api/models", """{"name": "twice"}""")).AssertError(HttpStatusCode.Conflict, "conflict");

        Assert.Contains("loss;drop", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, conflict);
        Assert.Contains("twice", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_json_gets_413_whether_its_length_is_declared_or_not()
    {
        var big = BatchOfSize(JsonLimit + 1024);
        var declared = (await ApiResponse.SendAsync(Http, HttpMethod.Post, $"/api/runs/{_runId}/batch", big)).AssertError(HttpStatusCode.RequestEntityTooLarge, "too_large");

        using var chunked = new HttpRequestMessage(HttpMethod.Post, $"/api/runs/{_runId}/batch") { Content = new ChunkedContent(Encoding.UTF8.GetBytes(big)) };
        (await ApiResponse.SendAsync(Http, chunked)).AssertError(HttpStatusCode.RequestEntityTooLarge, "too_large");

        Assert.Contains("65,536", declared, StringComparison.Ordinal);
        Assert.Empty((await _server.OpenStore().GetRunAsync(_runId)).Params); // nothing of it was stored
        Assert.Equal(HttpStatusCode.NoContent, (await ApiResponse.SendAsync(Http, HttpMethod.Post, $"/api/runs/{_runId}/batch", BatchOfSize(1000))).Status);
    }

    [Fact]
    public async Task Unknown_routes_and_methods_get_json_errors()
    {
        var route = (await ApiResponse.SendAsync(Http, HttpMethod.Get, "/api/nothing/here")).AssertError(HttpStatusCode.NotFound, "not_found");
        (await ApiResponse.SendAsync(Http, HttpMethod.Get, "/favicon.ico")).AssertError(HttpStatusCode.NotFound, "not_found");
        var method = (await ApiResponse.SendAsync(Http, HttpMethod.Delete, "/api/models")).AssertError(HttpStatusCode.MethodNotAllowed, "method_not_allowed");

        Assert.Contains("/openapi.json", route, StringComparison.Ordinal);
        Assert.Contains("DELETE", method, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NaN_and_infinities_travel_as_strings_and_come_back_as_they_were()
    {
        var logged = await ApiResponse.SendAsync(Http, HttpMethod.Post, $"/api/runs/{_runId}/batch", """
            {"metrics": [
              {"key": "loss", "value": "NaN", "step": 1, "epoch": null, "timestamp": "2026-01-01T00:00:00Z"},
              {"key": "loss", "value": "Infinity", "step": 2, "epoch": null, "timestamp": "2026-01-01T00:00:00Z"},
              {"key": "loss", "value": "-Infinity", "step": 3, "epoch": null, "timestamp": "2026-01-01T00:00:00Z"},
              {"key": "loss", "value": 0.25, "step": 4, "epoch": null, "timestamp": "2026-01-01T00:00:00Z"}]}
            """);
        var read = await ApiResponse.SendAsync(Http, HttpMethod.Get, $"/api/runs/{_runId}/metrics/history?key=loss");
        var bare = await ApiResponse.SendAsync(Http, HttpMethod.Post, $"/api/runs/{_runId}/batch",
            """{"metrics": [{"key": "loss", "value": NaN, "step": 5, "epoch": null, "timestamp": "2026-01-01T00:00:00Z"}]}""");

        Assert.Equal(HttpStatusCode.NoContent, logged.Status);
        Assert.Equal(HttpStatusCode.OK, read.Status);
        var values = read.Json.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").ToString()).ToArray();
        Assert.Equal(["NaN", "Infinity", "-Infinity", "0.25"], values);
        bare.AssertError(HttpStatusCode.BadRequest, "invalid"); // a bare NaN is not JSON
    }

    [Fact]
    public async Task An_unexpected_failure_is_a_plain_500_with_the_details_in_the_log_only()
    {
        await using (var connection = new SqliteConnection($"Data Source={_server.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE metrics";
            await drop.ExecuteNonQueryAsync();
        }

        var response = await ApiResponse.SendAsync(Http, HttpMethod.Get, $"/api/runs/{_runId}/metrics/history?key=loss");

        var message = response.AssertError(HttpStatusCode.InternalServerError, "internal");
        Assert.DoesNotContain("metrics", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("sqlite", response.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await ApiResponse.SendAsync(Http, HttpMethod.Get, "/health")).Status);
    }

    [Fact]
    public async Task An_unreachable_server_is_reported_as_unavailable_with_its_address()
    {
        var address = new Uri("http://127.0.0.1:9/");
        await using var store = new Lepton.Tracking.Remote.HttpMetadataStore(address);

        var error = await Assert.ThrowsAsync<TrackingException>(() => store.ListExperimentsAsync());

        Assert.Equal(TrackingErrorKind.Unavailable, error.Kind);
        Assert.Contains("http://127.0.0.1:9", error.Message, StringComparison.Ordinal);
        Assert.Contains("lepton tracking server", error.Message, StringComparison.Ordinal);
    }

    private static string BatchOfSize(int bytes)
    {
        var value = new string('x', Math.Max(1, bytes - 40));
        return "{\"params\": {\"padding\": \"" + value + "\"}}";
    }

    /// <summary>A body sent without a Content-Length, so only the server's reading can find it too large.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
