using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Lepton.Nn.Models;
using static TorchSharp.torch;

namespace Lepton.Serving.Tests;

public sealed class BatchingTests
{
    private const string Requests = "lepton_batch_requests";
    private const string Labels = "{model=\"clf\",version=\"1\"}";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Concurrent_requests_are_batched_and_get_the_same_answers_as_the_model_alone(int workers)
    {
        // A model that takes a few milliseconds per pass, so the burst finds it busy and queues (a request that finds
        // the model idle and alone runs at once, unbatched).
        await using var server = await TestServer.StartAsync(o => { o.MaxBatchSize = 16; o.MaxQueueDelay = TimeSpan.FromMilliseconds(20); o.Workers = workers; }, "slow=" + TestModels.Slow());
        var inputs = Enumerable.Range(0, 96).Select(i => Enumerable.Range(0, 64).Select(j => (float)Math.Sin(i * 0.37 + j * 0.11)).ToArray()).ToArray();
        var answers = await Task.WhenAll(inputs.Select(async x =>
        {
            var response = await server.InferAsync("slow", x, [1, 64]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await TestServer.JsonAsync(response)).GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        }));

        using var model = Model.Load(TestModels.Slow());
        for (var i = 0; i < inputs.Length; i++)
        {
            using var scope = NewDisposeScope();
            var expected = model.Predict(tensor(inputs[i], [1, 64])).data<float>().ToArray();
            for (var j = 0; j < expected.Length; j++) Assert.Equal(expected[j], answers[i][j], 1e-4f * Math.Max(1, Math.Abs(expected[j])));
        }

        const string labels = "{model=\"slow\",version=\"1\"}";
        var batches = await server.MetricAsync($"{Requests}_count{labels}");
        var requests = await server.MetricAsync($"{Requests}_sum{labels}");
        Assert.Equal(96, requests);
        Assert.True(requests / batches > 1.5, $"{requests} requests ran in {batches} batches: batching did not combine them.");
        Assert.True(await server.MetricAsync("lepton_batch_size_bucket{model=\"slow\",version=\"1\",le=\"1\"}") < batches);
    }

    [Fact]
    public async Task A_lone_request_does_not_wait_out_the_batching_delay()
    {
        // The longest delay the options allow. A request that waited it out took at least that long however fast the
        // machine is, and one that ran at once takes milliseconds: the bound tells the two behaviours apart, not speeds.
        var delay = TimeSpan.FromSeconds(10);
        await using var server = await TestServer.StartAsync(o => o.MaxQueueDelay = delay, "clf=" + TestModels.Classifier());
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.OK, (await server.InferAsync("clf", [i, 1, 2, 3], [1, 4])).StatusCode);
            Assert.True(clock.Elapsed < delay, $"a lone request took {clock.Elapsed.TotalMilliseconds:0} ms: it waited out the {delay.TotalSeconds} s batching delay");
        }
    }

    [Fact]
    public async Task With_batching_off_each_request_runs_alone()
    {
        await using var server = await TestServer.StartAsync(o => o.Batching = false, "clf=" + TestModels.Classifier());
        await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
            Assert.Equal(HttpStatusCode.OK, (await server.InferAsync("clf", [i, 1, 2, 3], [1, 4])).StatusCode)));
        Assert.Equal(40, await server.MetricAsync($"{Requests}_count{Labels}"));
        Assert.Equal(40, await server.MetricAsync($"{Requests}_sum{Labels}"));
    }

    [Fact]
    public async Task A_full_queue_answers_429_with_retry_after_and_the_rest_succeed()
    {
        await using var server = await TestServer.StartAsync(o => { o.Batching = false; o.QueueCapacity = 2; o.Workers = 1; }, "slow=" + TestModels.Slow());
        var data = new float[256 * 64];
        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => server.InferAsync("slow", data, [256, 64])));
        var rejected = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(rejected);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(rejected, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
        Assert.Contains("limit", (await TestServer.JsonAsync(rejected[0])).GetProperty("error").GetString());
        Assert.Equal(rejected.Count, await server.MetricAsync("lepton_inference_errors_total{model=\"slow\",version=\"1\",reason=\"queue_full\"}"));
    }

    [Fact]
    public async Task A_request_whose_deadline_passes_in_the_queue_is_answered_504_and_never_run()
    {
        await using var server = await TestServer.StartAsync(o => { o.Batching = false; o.Workers = 1; }, "slow=" + TestModels.Slow());
        var heavy = Enumerable.Range(0, 3).Select(_ => server.InferAsync("slow", new float[1024 * 64], [1024, 64])).ToList();
        while (await server.MetricAsync("lepton_queue_depth{model=\"slow\",version=\"1\"}") < 1) await Task.Delay(2);
        var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/slow/infer") { Content = JsonContent.Create(TestServer.InferBody(new float[64], [1, 64])) };
        request.Headers.Add("X-Lepton-Timeout-Ms", "5");
        var late = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.GatewayTimeout, late.StatusCode);
        Assert.Contains("deadline", (await TestServer.JsonAsync(late)).GetProperty("error").GetString());
        Assert.All(await Task.WhenAll(heavy), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        // Only the three heavy requests ran: the late one was answered without a forward pass.
        Assert.Equal(3, await server.MetricAsync("lepton_batch_requests_count{model=\"slow\",version=\"1\"}"));
        Assert.Equal(1, await server.MetricAsync("lepton_inference_errors_total{model=\"slow\",version=\"1\",reason=\"deadline_exceeded\"}"));
    }

    [Fact]
    public async Task Shutdown_finishes_the_requests_in_flight()
    {
        var server = await TestServer.StartAsync(o => { o.Batching = false; o.Workers = 1; }, "slow=" + TestModels.Slow());
        var inFlight = Enumerable.Range(0, 6).Select(_ => server.InferAsync("slow", new float[512 * 64], [512, 64])).ToList();
        // Every request has reached the server: one runs, five wait in the queue.
        var waited = Stopwatch.StartNew();
        while (await server.MetricAsync("lepton_queue_depth{model=\"slow\",version=\"1\"}") < 5 && waited.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(2);
        await server.Server.StopAsync();
        var responses = await Task.WhenAll(inFlight);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await server.DisposeAsync();
    }
}
