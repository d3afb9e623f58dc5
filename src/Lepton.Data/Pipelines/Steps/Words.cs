namespace Lepton.Data.Pipelines.Steps;

/// <summary>How text is cut into words for TF-IDF and word ids: lower case, split at anything not a letter or digit.</summary>
internal static class Words
{
    public static string Of(string column) =>
        $"list_filter(regexp_split_to_array(lower(CAST({Tables.Sql.Name(column)} AS VARCHAR)), '[^\\p{{L}}\\p{{N}}]+'), lambda w: w <> '')";
}
