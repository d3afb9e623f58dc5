using System.Globalization;
using System.Text;

namespace Lepton.Training.Tests.Text;

/// <summary>A small support-ticket table made deterministically: a free-text message, a priority number and the team it goes to.</summary>
internal static class Tickets
{
    public static readonly string[] Teams = ["billing", "login", "shipping"];

    private static readonly string[][] Words =
    [
        ["invoice", "charged", "refund", "payment", "card", "bill", "price", "twice"],
        ["password", "login", "account", "reset", "locked", "email", "code", "sign"],
        ["package", "delivery", "tracking", "parcel", "courier", "arrived", "late", "address"],
    ];

    private static readonly string[] Shared = ["please", "help", "my", "the", "is", "not", "today", "order", "again", "thanks", "I", "can't", "why", "still"];

    /// <summary>The text of a ticket for <paramref name="team"/>: a few of its words among shared ones.</summary>
    public static string Message(Random random, int team)
    {
        var words = Enumerable.Range(0, 3 + random.Next(3)).Select(_ => Words[team][random.Next(Words[team].Length)])
            .Concat(Enumerable.Range(0, 3 + random.Next(6)).Select(_ => Shared[random.Next(Shared.Length)]))
            .OrderBy(_ => random.Next()).ToList();
        return string.Join(' ', words);
    }

    /// <summary>Columns message, priority, team; <paramref name="withPriority"/> false leaves the text alone.</summary>
    public static string Write(TempFolder folder, int rows = 300, bool withPriority = true, int seed = 3)
    {
        var random = new Random(seed);
        var csv = new StringBuilder(withPriority ? "message,priority,team\n" : "message,team\n");
        for (var i = 0; i < rows; i++)
        {
            var team = random.Next(Teams.Length);
            var message = Message(random, team);
            var priority = 1 + random.Next(5);
            csv.Append(withPriority ? string.Create(CultureInfo.InvariantCulture, $"\"{message}\",{priority},{Teams[team]}\n") : $"\"{message}\",{Teams[team]}\n");
        }
        return folder.Write(withPriority ? "tickets.csv" : "messages.csv", csv.ToString());
    }
}
