using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lepton.Serving;
using Microsoft.Extensions.Logging;

namespace Lepton.Cli.Tests.Training;

/// <summary>
/// The issue's "two commands": a file trained by <c>lepton train</c> is served as it is, and the server answers raw
/// records (dates, categories, booleans, a missing value) with what <c>lepton predict</c> writes for the same rows.
/// </summary>
public sealed class TrainedModelServingTests
{
    [Theory]
    [InlineData("gbm")]
    [InlineData("mlp")]
    [InlineData("linear")]
    public async Task A_trained_file_serves_raw_records_with_the_answers_lepton_predict_gives(string candidate)
    {
        using var folder = new TempFolder();
        var data = folder.Write("visits.csv", Visits(240, seed: 7));
        var model = folder.PathOf($"visits-{candidate}.lepton");
        var (code, text) = CliRun.Invoke("train", data, "--target", "bought", "--candidates", candidate, "--time-limit", "20s",
            "--trials", "0", "--output", model, "--no-tracking");
        Assert.True(code == 0, text);

        var rows = folder.Write("new.csv", """
            day,city,member,minutes,note
            2026-03-02,Lyon,true,41.5,first visit
            2026-07-19,Nice,false,,came back
            2026-11-30,Paris,true,3,
            """);
        var predictions = folder.PathOf("predictions.csv");
        var (predictCode, predictText) = CliRun.Invoke("predict", model, rows, "--out", predictions);
        Assert.True(predictCode == 0, predictText);
        var written = File.ReadAllLines(predictions);
        var header = written[0].Split(',');
        var labelColumn = Array.IndexOf(header, "prediction");
        Assert.True(labelColumn >= 0, written[0]);

        var options = new ServingOptions
        {
            Port = 0,
            KeysPath = folder.PathOf("keys.json"),
            AuditLogPath = folder.PathOf("audit.jsonl"),
            MaxQueueDelay = TimeSpan.FromMilliseconds(5),
        };
        await using var server = InferenceServer.Create(options, logging => logging.SetMinimumLevel(LogLevel.Warning));
        await server.StartAsync();
        await server.LoadAsync(model, name: "visits");
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
        var body = """
            {"instances": [
              {"day": "2026-03-02", "city": "Lyon", "member": true, "minutes": 41.5, "note": "first visit"},
              {"day": "2026-07-19", "city": "Nice", "member": false, "minutes": null, "note": "came back"},
              {"day": "2026-11-30", "city": "Paris", "member": true, "minutes": 3, "note": null}
            ]}
            """;
        using var response = await http.PostAsync("/models/visits/predict", new StringContent(body, Encoding.UTF8, "application/json"));
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, answer);
        var served = JsonDocument.Parse(answer).RootElement.GetProperty("predictions");
        Assert.Equal(3, served.GetArrayLength());
        for (var row = 0; row < 3; row++)
            Assert.Equal(written[row + 1].Split(',')[labelColumn], served[row].GetProperty("label").GetString());

        // Columns the model reads are missing: a 400 that names every one before any step runs; predict says the same.
        using var missing = await http.PostAsJsonAsync("/models/visits/predict", new { instances = new object[] { new { day = "2026-01-01", city = "Lyon", member = true } } });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var error = JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();
        Assert.Contains("No record has 'minutes' or 'note', which the model reads (its columns: day, city, member, minutes, note)", error);
        var partial = folder.Write("partial.csv", "day,city,member\n2026-01-01,Lyon,true\n");
        var (partialCode, partialText) = CliRun.Invoke("predict", model, partial, "--out", folder.PathOf("partial-predictions.csv"));
        Assert.Equal(2, partialCode);
        Assert.Contains("The table has no 'minutes' or 'note', which the model reads", partialText);
        Assert.False(File.Exists(folder.PathOf("partial-predictions.csv")));
    }

    /// <summary>Visits to a shop: whether the visitor bought depends on the minutes spent, membership, the city and the season.</summary>
    private static string Visits(int rows, int seed)
    {
        var random = new Random(seed);
        var cities = new[] { "Lyon", "Nice", "Paris", "Lille" };
        var notes = new[] { "first visit", "came back", "asked for help", "" };
        var text = new StringBuilder("day,city,member,minutes,note,bought\n");
        for (var i = 0; i < rows; i++)
        {
            var day = new DateTime(2026, 1, 1).AddDays(random.Next(365));
            var city = cities[random.Next(cities.Length)];
            var member = random.NextDouble() < 0.4;
            var minutes = Math.Round(random.NextDouble() * 60, 1);
            var score = minutes / 20 + (member ? 1.5 : 0) + (city == "Paris" ? 0.8 : 0) + (day.Month is 11 or 12 ? 1 : 0) + random.NextDouble() * 1.5;
            var minutesText = random.NextDouble() < 0.05 ? "" : minutes.ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd},{city},{(member ? "true" : "false")},{minutesText},{notes[random.Next(notes.Length)]},{(score > 3.2 ? "yes" : "no")}\n");
        }
        return text.ToString();
    }
}
