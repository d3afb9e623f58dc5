using System.Globalization;
using Lepton.Zoo.Forecasting;

namespace Lepton.Zoo.Tests.Forecasting;

public sealed class ForecastRecipeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private string Folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_quick_recipe_reads_statsmodels_layout_fills_gaps_and_scores_the_monthly_series()
    {
        // statsmodels' layout (NAME/NAME.csv, a header, a date and a value column), generated: tests do not need the package.
        var random = new Random(9);
        Write("co2", "date,co2", Enumerable.Range(0, 300).Select(t => (t.ToString(CultureInfo.InvariantCulture), t % 17 == 5 ? "" : Value(315 + 0.03 * t + Math.Sin(t * 2 * Math.PI / 52)))));
        Write("sunspots", "\"YEAR\",\"SUNACTIVITY\"", Enumerable.Range(0, 120).Select(t => ((1700 + t).ToString(CultureInfo.InvariantCulture), Value(50 + 40 * Math.Sin(t * 2 * Math.PI / 11)))));
        Write("elec_equip", "DATE,STS.M.I7.W.TOVT.NS0016.4.000", Enumerable.Range(0, 200).Select(t => ($"m{t}", Value(80 + 0.05 * t + 8 * Math.Sin(t * 2 * Math.PI / 12) + random.NextDouble()))));
        Write("nile", "year,volume", Enumerable.Range(0, 100).Select(t => ((1871 + t).ToString(CultureInfo.InvariantCulture), Value(900 + 100 * random.NextDouble()))));
        var log = new StringWriter();

        LeptonRuntime.Seed(1);
        var result = ZooRecipes.Get("forecast").Run(new RecipeContext(Path.Combine(Folder, "out")) { Quick = true, Data = Folder, Log = log });

        Assert.True(double.IsFinite(result.Value) && result.Value > 0);
        Assert.Equal(result.Value, result.Figures["mase_elec_equip"]);
        Assert.True(result.Figures["seasonal_naive_mase_elec_equip"] > 0);
        Assert.NotNull(result.Model);
        Assert.Equal(18, result.Model!.OutputShape[0]);
    }

    [Fact]
    public void A_bad_value_is_an_error_naming_the_file_line_and_column()
    {
        Write("co2", "date,co2", [("1", "315.2"), ("2", "three hundred")]);
        var error = Assert.Throws<InvalidDataException>(() => ZooRecipes.Get("forecast").Run(new RecipeContext(Folder) { Quick = true, Data = Folder }));
        Assert.Contains("co2.csv, line 3, column 2", error.Message, StringComparison.Ordinal);
    }

    private void Write(string name, string header, IEnumerable<(string Date, string Value)> rows)
    {
        Directory.CreateDirectory(Path.Combine(Folder, name));
        File.WriteAllLines(Path.Combine(Folder, name, name + ".csv"), [header, .. rows.Select(r => $"{r.Date},{r.Value}")]);
    }

    private static string Value(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
}
