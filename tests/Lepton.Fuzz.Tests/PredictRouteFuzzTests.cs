using System.Net.Http.Headers;
using System.Text;
using Lepton.Fuzz.Tests.Fuzzing;
using Lepton.Serving;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Lepton.Fuzz.Tests;

/// <summary>
/// The predict route's multipart and raw-image bodies have no reader of their own to call (ASP.NET Core parses the
/// form), so they are fuzzed through a real server on 127.0.0.1: every answer must be below 500.
/// </summary>
public sealed class PredictRouteFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Mutated_uploads_to_the_predict_route_are_answered_below_500()
    {
        using var folder = new TempFolder();
        var options = new ServingOptions { Port = 0, KeysPath = folder.PathOf("keys.json"), AuditLogPath = folder.PathOf("audit.jsonl") };
        await using var server = InferenceServer.Create(options, logging => logging.SetMinimumLevel(LogLevel.Critical));
        await server.StartAsync();
        await server.LoadAsync(Path.Combine(Corpus.Root, "model-file", "image.lepton"), name: "image");
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(20) };

        var target = new FuzzTarget("predict-multipart", bytes => Post(http, bytes), _ => false);
        FuzzRun.Corpus(target, seconds: 8, output, TimeSpan.FromSeconds(30));
    }

    /// <summary>A seed is the Content-Type, a blank line (CRLF CRLF), then the body.</summary>
    private static void Post(HttpClient http, byte[] seed)
    {
        var split = seed.AsSpan().IndexOf("\r\n\r\n"u8);
        // HttpClient sends only ASCII headers (a server would see the same bytes from a raw socket as a 400 from Kestrel).
        var type = split < 0 ? "" : new string(Encoding.Latin1.GetString(seed.AsSpan(0, split)).Select(c => c is >= ' ' and < (char)127 ? c : '?').ToArray());
        var body = new ByteArrayContent(split < 0 ? seed : seed[(split + 4)..]);
        body.Headers.TryAddWithoutValidation("Content-Type", type);
        using var response = http.PostAsync("/models/image/predict", body).GetAwaiter().GetResult();
        if ((int)response.StatusCode >= 500)
            throw new HttpRequestException($"The predict route answered {(int)response.StatusCode} for a {seed.Length}-byte upload of type '{type}': {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
    }
}
