using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Lepton.Web.Tests;

/// <summary>A model version's evaluations from <c>lepton evaluate</c>: listed on the model page, the latest one drawn on the version's page.</summary>
[Collection(DashboardCollection.Name)]
public sealed partial class EvaluationPageTests(DashboardStore store)
{
    private string Accuracy => store.LatestEvaluation.Classification!.Accuracy.ToString("G6", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_model_page_lists_each_versions_evaluations_newest_first_with_their_headline_metrics()
    {
        using var client = Http.Client(store);
        var html = await client.PageAsync($"/models/{DashboardStore.EvaluatedModel}");

        var table = Table("evaluations-v1").Match(html);
        Assert.True(table.Success, "version 1 has an evaluations table");
        var rows = RunLink().Matches(table.Value).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal([store.LatestEvaluationRun, store.OlderEvaluationRun], rows);
        Assert.Contains($"<span class=\"muted\">accuracy</span> {Accuracy}", table.Value);
        Assert.Contains("iris-test.csv", table.Value);
        Assert.Contains($"/runs/{store.LatestEvaluationRun}/artifacts/evaluation.html", table.Value);
        Assert.DoesNotContain("id=\"evaluations-v2\"", html);
        Assert.Contains($"lepton evaluate {DashboardStore.EvaluatedModel}/2 DATA", html);
        Assert.Contains($"href=\"/models/{DashboardStore.EvaluatedModel}/versions/1\"", html);
    }

    [Fact]
    public async Task The_version_page_draws_the_latest_evaluations_metrics_classes_and_confusion_matrix()
    {
        using var client = Http.Client(store);
        var html = await client.PageAsync($"/models/{DashboardStore.EvaluatedModel}/versions/1");

        var metrics = Table("evaluation-metrics").Match(html).Value;
        Assert.Contains($"<th scope=\"row\">accuracy</th><td class=\"num\">{Accuracy}</td>", metrics);
        Assert.Contains("<th scope=\"row\">f1_macro</th>", metrics);
        var classes = Table("evaluation-classes").Match(html).Value;
        foreach (var name in EvaluationRuns.Classes) Assert.Contains($"<th scope=\"row\">{name}</th>", classes);
        // 10 rows per class, 1 of each taken for the next class: 9 on the diagonal, the darkest shade.
        var confusion = Table("evaluation-confusion").Match(html).Value;
        Assert.Contains("<caption>", confusion);
        Assert.Equal(3, Regex.Matches(confusion, "<td class=\"num cm-5 cm-diagonal\">9</td>").Count);
        Assert.Equal(3, Regex.Matches(confusion, "<td class=\"num cm-1\">1</td>").Count);
        Assert.Contains("<th scope=\"col\" class=\"num\">virginica</th>", confusion);
        Assert.Contains("30 examples, classification (2 rows without a target left out)", html);
        Assert.Contains($"id=\"full-report\" href=\"/runs/{store.LatestEvaluationRun}/artifacts/evaluation.html\"", html);
        // Lineage: the training run's dataset, the run, the version.
        var lineage = Regex.Match(html, "<ol id=\"lineage\".*?</ol>", RegexOptions.Singleline).Value;
        Assert.Contains("iris.csv", lineage);
        Assert.Contains("<li>version 1</li>", lineage);
        Assert.Contains("run <a href=\"/runs/", lineage);
    }

    [Fact]
    public async Task A_multi_output_evaluation_has_a_section_per_output_and_a_regressions_residuals()
    {
        using var client = Http.Client(store);
        var html = await client.PageAsync($"/models/{DashboardStore.MultiOutputModel}/versions/1");

        Assert.Contains("<h3 id=\"output-0-heading\">Output label</h3>", html);
        Assert.Contains("<h3 id=\"output-1-heading\">Output amount</h3>", html);
        Assert.Contains("id=\"output-0-confusion\"", html);
        Assert.Contains("id=\"output-1-residuals\"", html);
        Assert.Contains("<th scope=\"row\">r2</th>", html);
        Assert.Contains("<th scope=\"row\">rmse</th>", html);
        Assert.DoesNotContain("id=\"output-1-confusion\"", html);

        var model = await client.PageAsync($"/models/{DashboardStore.MultiOutputModel}");
        var row = Table("evaluations-v1").Match(model).Value;
        Assert.Contains("label.accuracy", row);
        Assert.Contains("amount.r2", row);
    }

    [Fact]
    public async Task The_full_report_is_served_sandboxed_and_a_version_never_evaluated_says_how_to_evaluate_it()
    {
        using var client = Http.Client(store);
        using var report = await client.GetAsync($"/runs/{store.LatestEvaluationRun}/artifacts/evaluation.html");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.StartsWith("sandbox", string.Join(";", report.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("<html", await report.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        var html = await client.PageAsync($"/models/{DashboardStore.EvaluatedModel}/versions/2");
        Assert.Contains("Not evaluated yet", html);
        Assert.DoesNotContain("id=\"latest-evaluation\"", html);
        await client.PageAsync($"/models/{DashboardStore.EvaluatedModel}/versions/9", HttpStatusCode.NotFound);
    }

    private static Regex Table(string id) => new($"<table id=\"{id}\".*?</table>", RegexOptions.Singleline);

    [GeneratedRegex("<a href=\"/runs/([0-9a-f]{32})\">")]
    private static partial Regex RunLink();
}
