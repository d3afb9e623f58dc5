using System.Globalization;
using System.Text;

namespace Lepton.Bench.Data;

/// <summary>The benchmark's CSV: 20 columns of mixed kinds with some missing values, the same bytes on every run.</summary>
internal static class BenchmarkCsv
{
    private static readonly string[] Categories = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"];
    private static readonly string[] Segments = ["A", "B", "C", "D", "E"];
    private static readonly string[] Words = ["fast", "delivery", "good", "price", "broken", "item", "would", "buy", "again", "not", "great", "support", "slow", "ok"];

    public static void Write(string path, int rows)
    {
        var random = new Random(20260101);
        var start = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 20);
        writer.Write("id,age,income,score,rating,category,city,flag,signup_date,last_seen,temperature,visits,ratio,segment,comment,code,weight,height,balance,churn\n");
        var line = new StringBuilder(256);
        var inv = CultureInfo.InvariantCulture;
        for (var i = 0; i < rows; i++)
        {
            line.Clear();
            var churn = random.NextDouble() < 0.12;
            line.Append(i + 1).Append(',');
            Maybe(line, random, 0.02, () => random.Next(18, 91).ToString(inv));
            Maybe(line, random, 0.05, () => Math.Round(Math.Exp(10 + 0.6 * Normal(random)), 2).ToString(inv));
            line.Append(Math.Round(Normal(random) * 15 + 60, 3).ToString(inv)).Append(',');
            line.Append(random.Next(1, 6)).Append(',');
            line.Append(Categories[random.Next(Categories.Length)]).Append(',');
            line.Append("city_").Append(random.Next(200)).Append(',');
            line.Append(random.NextDouble() < 0.3 ? "true" : "false").Append(',');
            line.Append(start.AddDays(random.Next(0, 1826)).ToString("yyyy-MM-dd", inv)).Append(',');
            Maybe(line, random, 0.01, () => start.AddSeconds(random.NextInt64(0, 157_680_000)).ToString("yyyy-MM-dd HH:mm:ss", inv));
            line.Append(Math.Round(Normal(random) * 8 + 15, 1).ToString(inv)).Append(',');
            line.Append((int)Math.Floor(-Math.Log(1 - random.NextDouble()) * 7)).Append(',');
            line.Append(Math.Round(random.NextDouble(), 4).ToString(inv)).Append(',');
            Maybe(line, random, 0.01, () => Segments[random.Next(Segments.Length)]);
            Maybe(line, random, 0.10, () => Comment(random));
            line.Append('X').Append(random.NextInt64(0, 1L << 40).ToString("x10", inv)).Append(',');
            line.Append(Math.Round(Normal(random) * 12 + 75, 2).ToString(inv)).Append(',');
            line.Append(Math.Round(Normal(random) * 10 + 172, 1).ToString(inv)).Append(',');
            var balance = random.NextDouble() < 0.005 ? 1_000_000 + random.Next(0, 100_000) : Normal(random) * 2000 + 5000;
            line.Append(Math.Round(balance, 2).ToString(inv)).Append(',');
            line.Append(churn ? "yes" : "no").Append('\n');
            writer.Write(line);
        }
    }

    private static void Maybe(StringBuilder line, Random random, double missing, Func<string> value)
    {
        if (random.NextDouble() >= missing) line.Append(value());
        line.Append(',');
    }

    private static string Comment(Random random)
    {
        var text = string.Join(' ', Enumerable.Range(0, random.Next(3, 9)).Select(_ => Words[random.Next(Words.Length)]));
        return random.NextDouble() < 0.2 ? "\"" + text + ", really\"" : text;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
