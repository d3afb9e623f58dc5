using System.Globalization;
using System.Text;
using Lepton.Data.Tables;

namespace Lepton.Data.Reports.Tests;

/// <summary>One report, written once for every test in the collection: a generated CSV of every column kind, with missing values, outliers and duplicates.</summary>
public sealed class SampleReport : IAsyncLifetime
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("lepton-report-").FullName;
    public string HtmlPath => Path.Combine(Folder, "report.html");
    public string ChartsFolder => Path.Combine(Folder, "charts");
    public TableProfile Profile { get; private set; } = null!;
    public IReadOnlyList<QualityFinding> Findings { get; private set; } = [];
    public IReadOnlyList<string> Charts { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var csv = Path.Combine(Folder, "customers.csv");
        File.WriteAllText(csv, Generate(600));
        using var table = await Table.ReadAsync(csv);
        Profile = await table.ProfileAsync(new ProfileOptions { Target = "churn" });
        Findings = QualityChecks.Check(Profile);
        Charts = await DataReport.WriteAsync(table, Profile, Findings, HtmlPath, new DataReportOptions { ChartsDirectory = ChartsFolder });
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }

    private static string Generate(int rows)
    {
        var random = new Random(7);
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder("customer_id,age,income,spend,city,plan,active,signup,note,churn\n");
        string[] cities = ["Lyon", "Oslo", "Lima", "Kyiv", "Pune", "Cork"];
        string[] plans = ["free", "basic", "pro"];
        for (var i = 0; i < rows; i++)
        {
            var age = 18 + random.Next(60);
            var income = Math.Round(20_000 + age * 800 + random.NextDouble() * 15_000, 2);
            if (i % 97 == 0) income = 2_000_000; // outliers
            var spend = Math.Round(income * 0.05 + random.NextDouble() * 500, 2);
            text.Append(inv, $"C{i:00000},{(i % 25 == 0 ? "" : age.ToString(inv))},{income.ToString(inv)},{spend.ToString(inv)},")
                .Append(cities[random.Next(cities.Length)]).Append(',').Append(i % 11 == 0 ? "" : plans[random.Next(plans.Length)]).Append(',')
                .Append(random.NextDouble() < 0.6 ? "true" : "false").Append(',')
                .Append(new DateTime(2021, 1, 1).AddDays(random.Next(900)).ToString("yyyy-MM-dd", inv)).Append(',')
                .Append("note number ").Append(random.Next(100_000)).Append(" about this customer").Append(',')
                .Append(random.NextDouble() < 0.2 ? "yes" : "no").Append('\n');
        }

        // Two exact copies of the first row, so the duplicate finding appears.
        var first = text.ToString().Split('\n')[1];
        text.Append(first).Append('\n').Append(first).Append('\n');
        return text.ToString();
    }
}
