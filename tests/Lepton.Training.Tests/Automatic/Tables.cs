using System.Globalization;
using System.Text;

namespace Lepton.Training.Tests.Automatic;

/// <summary>Small CSV tables made deterministically for the automatic-training tests.</summary>
internal static class Tables
{
    /// <summary>
    /// Customers: an id, a constant, a mostly missing column, numbers (one with gaps), a city, a flag and a date; the
    /// target 'churn' (yes/no) follows age, plan and spend; <paramref name="missingTargets"/> rows have no target.
    /// </summary>
    public static string Customers(TempFolder folder, int rows = 240, int missingTargets = 0, int seed = 1)
    {
        var random = new Random(seed);
        var text = new StringBuilder("customer_id,country,notes,age,spend,city,plan,premium,joined,churn\n");
        string[] cities = ["Lyon", "Paris", "Nice", "Lille"];
        for (var i = 0; i < rows; i++)
        {
            var age = 18 + random.Next(60);
            var spend = Math.Round(random.NextDouble() * 100, 2);
            var plan = random.Next(3) switch { 0 => "basic", 1 => "plus", _ => "pro" };
            var premium = random.Next(2) == 0 ? "true" : "false";
            var score = (age - 45) / 15.0 + (plan == "basic" ? 1 : plan == "pro" ? -1 : 0) + (spend - 50) / 40 + (random.NextDouble() - 0.5);
            var churn = i < missingTargets ? "" : score > 0 ? "leave" : "stay";
            var notes = i % 20 == 0 ? "called" : "";
            var spendText = i % 17 == 0 ? "" : spend.ToString(CultureInfo.InvariantCulture);
            var joined = new DateTime(2020, 1, 1).AddDays(random.Next(1000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"C{1000 + i},FR,{notes},{age},{spendText},{cities[random.Next(4)]},{plan},{premium},{joined},{churn}\n");
        }
        return folder.Write("customers.csv", text.ToString());
    }

    /// <summary>A regression table: 'price' from size, rooms (few integers) and a district; <paramref name="rows"/> rows.</summary>
    public static string Houses(TempFolder folder, int rows = 300, int seed = 2)
    {
        var random = new Random(seed);
        var text = new StringBuilder("size,rooms,district,price\n");
        string[] districts = ["north", "south", "east", "west", "centre"];
        for (var i = 0; i < rows; i++)
        {
            var size = 30 + random.NextDouble() * 120;
            var rooms = 1 + random.Next(5);
            var d = random.Next(districts.Length);
            var price = 1000 * size + 5000 * rooms + 20000 * d + random.NextDouble() * 10000;
            text.Append(CultureInfo.InvariantCulture, $"{size:0.00},{rooms},{districts[d]},{price:0.00}\n");
        }
        return folder.Write("houses.csv", text.ToString());
    }
}
