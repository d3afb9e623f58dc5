using System.Globalization;
using CsCheck;
using Lepton.Serving.Client;

namespace Lepton.Serving.Client.Tests;

public sealed class PrometheusTextTests
{
    [Fact]
    public void Reads_help_type_comments_escaped_labels_and_special_values()
    {
        var samples = PrometheusText.Parse("""
            # HELP lepton_x A help text with "quotes" and \\ backslashes
            # TYPE lepton_x counter
            # a plain comment
            lepton_x{model="a\"b",version="1\\2",note="two\nlines"} 3
            lepton_y_bucket{le="+Inf"} +Inf
            lepton_z NaN
            lepton_w{a="1",} -Inf 1712345678901
            lepton:rule_total 1.5e-3

            """);
        Assert.Equal(5, samples.Count);
        Assert.Equal(new Dictionary<string, string> { ["model"] = "a\"b", ["version"] = "1\\2", ["note"] = "two\nlines" }, samples[0].Labels);
        Assert.Equal(3, samples[0].Value);
        Assert.True(double.IsPositiveInfinity(samples[1].Value));
        Assert.Equal("+Inf", samples[1].Label("le"));
        Assert.True(double.IsNaN(samples[2].Value));
        Assert.True(double.IsNegativeInfinity(samples[3].Value));
        Assert.Equal(1712345678901, samples[3].TimestampMs);
        Assert.Equal(0.0015, samples[4].Value);
    }

    [Theory]
    [InlineData("lepton_x", "a value")]
    [InlineData("lepton_x abc", "not a number")]
    [InlineData("lepton_x Infinity", "not a number")]
    [InlineData("lepton_x 1 2 3", "timestamp")]
    [InlineData("lepton_x 1 1.5", "timestamp")]
    [InlineData("lepton_x{a=\"1\" 1", "separated by ','")]
    [InlineData("lepton_x{a=1} 1", "double quotes")]
    [InlineData("lepton_x{a=\"1} 1", "closing quote")]
    [InlineData("lepton_x{a=\"\\t\"} 1", "escape")]
    [InlineData("lepton_x{a=\"1\",a=\"2\"} 1", "twice")]
    [InlineData("lepton_x{1a=\"1\"} 1", "label name")]
    [InlineData("9lepton 1", "metric name")]
    [InlineData("lepton_x{a=\"1\"}1", "a space")]
    [InlineData("# TYPE lepton_x thing", "# TYPE")]
    [InlineData("# TYPE lepton_x counter\n# TYPE lepton_x gauge", "second # TYPE")]
    [InlineData("lepton_x 1\nlepton_x 2", "twice")]
    public void Refuses_text_that_breaks_the_format_naming_the_line(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => PrometheusText.Parse(text));
        Assert.Contains(expected, error.Message);
        Assert.Contains("line", error.Message);
    }

    private static readonly Gen<string> Name = Gen.Select(Gen.Char["abcxyz_:"], Gen.Char["abcxyz_:019"].Array[0, 8], (first, rest) => first + new string(rest));
    private static readonly Gen<string> LabelName = Gen.Select(Gen.Char["abz_"], Gen.Char["abz_09"].Array[0, 6], (first, rest) => first + new string(rest));
    private static readonly Gen<double> Value = Gen.Frequency((6, Gen.Double), (1, Gen.OneOf(Gen.Const(double.NaN), Gen.Const(double.PositiveInfinity), Gen.Const(double.NegativeInfinity))));

    private static readonly Gen<MetricSample> Sample =
        from name in Name
        from labels in Gen.Select(LabelName, Gen.String).Array[0, 4]
        from value in Value
        from timestamp in Gen.Long.Nullable()
        select new MetricSample(name, labels.DistinctBy(l => l.Item1).ToDictionary(l => l.Item1, l => l.Item2), value, timestamp);

    [Fact]
    public void What_is_written_in_the_format_reads_back_the_same()
    {
        Sample.Array[0, 12].Sample(samples =>
        {
            var distinct = samples.DistinctBy(PrometheusText.Key).ToList();
            var text = string.Join("\n", distinct.Select(Write));
            var read = PrometheusText.Parse(text);
            Assert.Equal(distinct.Count, read.Count);
            for (var i = 0; i < read.Count; i++)
            {
                Assert.Equal(distinct[i].Name, read[i].Name);
                Assert.Equal(distinct[i].Labels.OrderBy(l => l.Key), read[i].Labels.OrderBy(l => l.Key));
                Assert.Equal(distinct[i].Value, read[i].Value);
                Assert.Equal(distinct[i].TimestampMs, read[i].TimestampMs);
            }
        }, iter: 2000);
    }

    [Fact]
    public void Any_text_is_read_or_refused_with_a_FormatException()
    {
        // Valid text with a few characters changed, and arbitrary strings of the format's own characters.
        var mutated = from samples in Sample.Array[1, 5]
                      from at in Gen.Int[0, 1000]
                      from c in Gen.Char["{}\",=\\ \n#+-.eInfNa0123\t\r"]
                      select Mutate(string.Join("\n", samples.Select(Write)), at, c);
        var noise = Gen.Char["{}\",=\\ \n#+-.eInfNa0123abc_:\t"].Array[0, 80].Select(c => new string(c));
        Gen.OneOf(mutated, noise).Sample(text =>
        {
            try
            {
                PrometheusText.Parse(text);
            }
            catch (FormatException)
            {
            }
        }, iter: 5000);
    }

    private static string Mutate(string text, int at, char c) => text.Length == 0 ? c.ToString() : text.Remove(at % text.Length, 1).Insert(at % text.Length, c.ToString());

    private static string Write(MetricSample sample)
    {
        var labels = sample.Labels.Count == 0 ? "" : "{" + string.Join(",", sample.Labels.Select(l => $"{l.Key}=\"{PrometheusText.Escape(l.Value)}\"")) + "}";
        var value = sample.Value switch
        {
            double.PositiveInfinity => "+Inf",
            double.NegativeInfinity => "-Inf",
            var v when double.IsNaN(v) => "NaN",
            var v => v.ToString("R", CultureInfo.InvariantCulture),
        };
        return $"{sample.Name}{labels} {value}" + (sample.TimestampMs is { } t ? " " + t.ToString(CultureInfo.InvariantCulture) : "");
    }
}
