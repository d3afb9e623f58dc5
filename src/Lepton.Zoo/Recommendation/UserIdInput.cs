using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Nn.Models;

namespace Lepton.Zoo.Recommendation;

/// <summary>
/// Saves in a model taking a user index the table pipeline that maps a raw user id to that index (an ordinal step on
/// the user column), so <c>lepton serve</c> takes <c>{"instances": [{"userId": 42}]}</c> and <c>lepton predict</c> a
/// table with a <c>userId</c> column, as any model trained on a table does.
/// </summary>
internal static class UserIdInput
{
    public const string Column = "userId";

    public static void WriteTo(Model model, Ratings ratings, string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "user-ids.csv");
        File.WriteAllLines(path, [Column, .. ratings.UserIds.Select(Quote)]);
        using var table = Table.Read(path);
        var pipeline = Pipeline.Create().Ordinal(Column).Fit(table);
        // The ordinal step numbers the ids in their text order, which is how Ratings indexes users; check, for safety.
        var order = pipeline.CategoriesOf(Column) ?? [];
        if (!order.SequenceEqual(ratings.UserIds, StringComparer.Ordinal))
            throw new InvalidOperationException($"The table pipeline orders the user ids differently from the ratings ({string.Join(", ", order.Take(5))}… vs {string.Join(", ", ratings.UserIds.Take(5))}…); the served model would mix users up.");
        using var preprocessing = new TablePreprocessing(pipeline, [Column], inputs: [Column]);
        preprocessing.WriteTo(model.Metadata.Preprocessing);
    }

    private static string Quote(string id) => id.Contains(',', StringComparison.Ordinal) || id.Contains('"', StringComparison.Ordinal) ? $"\"{id.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : id;
}
