using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Lepton.Data.Pipelines;

/// <summary>
/// A pipeline written as YAML, as <c>lepton data clean --spec</c> reads it:
/// <code>
/// defaults: { age: 30 }
/// steps:
///   - step: drop_missing
///     columns: [churn]
///   - step: impute
///     columns: [age]
///     method: median
///   - step: onehot
///     column: city
/// </code>
/// </summary>
public static class PipelineSpec
{
    /// <summary>The step names a spec may use.</summary>
    public static IReadOnlyList<string> StepNames { get; } =
    [
        "drop_missing", "filter", "impute", "outliers", "winsorize", "deduplicate", "scale", "log", "onehot", "ordinal", "target_encode",
        "hashing", "tfidf", "token_ids", "subword_ids", "date_parts", "variance_threshold", "correlation_filter", "select_best", "select_l1", "rfe", "pca", "polynomial", "drop",
    ];

    /// <summary>The keys a step may hold (<c>step</c>, <c>column</c>, <c>columns</c>, <c>method</c>, …), as a spec writes them.</summary>
    public static IReadOnlyList<string> StepKeys { get; } =
        typeof(StepSpec).GetProperties().Select(p => UnderscoredNamingConvention.Instance.Apply(p.Name)).ToArray();

    private sealed class Document
    {
        public Dictionary<string, string>? Defaults { get; set; }
        public List<StepSpec>? Steps { get; set; }
    }

    /// <summary>Reads a spec file into an unfitted pipeline.</summary>
    /// <exception cref="PipelineException">The file is missing or the spec is not valid; the message says where.</exception>
    public static Pipeline Load(string path)
    {
        if (!File.Exists(path)) throw new PipelineException($"The spec file {Path.GetFullPath(path)} does not exist.");
        return Parse(File.ReadAllText(path), Path.GetFileName(path));
    }

    /// <summary>Reads spec text into an unfitted pipeline.</summary>
    /// <exception cref="PipelineException">The spec is not valid; the message says where.</exception>
    public static Pipeline Parse(string yaml, string source = "spec")
    {
        Document? document;
        try
        {
            document = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build().Deserialize<Document>(yaml);
        }
        catch (YamlException e)
        {
            var reason = (e.InnerException?.Message ?? e.Message).Split('\n')[0];
            throw new PipelineException($"{source}, line {e.Start.Line}: {reason}. Steps are written as '- step: NAME' followed by their settings.", e);
        }
        catch (ArgumentException e)
        {
            // YamlDotNet's parser refuses some malformed tags (a verbatim '!<…>' tag that is not a URI) this way, without a position.
            throw new PipelineException($"{source}: this is not valid YAML ({e.Message.Split(" (Parameter", 2)[0].TrimEnd('.')}).", e);
        }
        catch (InvalidOperationException e)
        {
            // ... and gives up on some unfinished documents (an unclosed '[') this way.
            throw new PipelineException($"{source}: this is not valid YAML (an unclosed bracket or quote?).", e);
        }
        if (document?.Steps is not { Count: > 0 } steps)
            throw new PipelineException($"{source} has no steps. Write 'steps:' and a list of '- step: NAME' entries ({string.Join(", ", StepNames)}).");
        var pipeline = Pipeline.Create();
        foreach (var (column, value) in document.Defaults ?? [])
        {
            if (value is null) throw new PipelineException($"{source}: the default of '{column}' is empty; give a number or a text, e.g. 'defaults: {{ {column}: 0 }}'.");
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) pipeline.WithDefault(column, number);
            else pipeline.WithDefault(column, value);
        }
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is null) throw new PipelineException($"{source}, step {i + 1} is empty: write '- step: NAME' followed by its settings.");
            try
            {
                AddStep(pipeline, steps[i]);
            }
            catch (Exception e) when (e is ArgumentException or PipelineException)
            {
                throw new PipelineException($"{source}, step {i + 1} ({steps[i].Step ?? "unnamed"}): {e.Message}", e);
            }
        }
        return pipeline;
    }

    private static void AddStep(Pipeline p, StepSpec s)
    {
        var columns = Names(s.Columns, "columns") ?? (s.Column is null ? [] : [s.Column]);
        var except = Names(s.Except, "except") ?? [];
        switch (s.Step?.ToLowerInvariant())
        {
            case "impute":
                var method = Parse<Imputation>(s.Method ?? "median", "method");
                if (method == Imputation.Constant)
                {
                    var value = s.Value ?? throw new PipelineException("constant imputation needs 'value:'.");
                    foreach (var c in Required(columns))
                    {
                        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) p.Impute(c, n);
                        else p.Impute(c, value);
                    }
                }
                else p.Impute(method, columns);
                break;
            case "outliers":
                foreach (var c in Required(columns)) p.Outliers(c, Parse<OutlierAction>(s.Action ?? "clip", "action"), s.Factor ?? 1.5);
                break;
            case "winsorize":
                foreach (var c in Required(columns)) p.Winsorize(c, s.Lower ?? 0.05, s.Upper ?? 0.95);
                break;
            case "deduplicate": p.Deduplicate(columns); break;
            case "drop_missing": p.DropMissing(Required(columns)); break;
            case "filter": p.Filter(s.Where ?? throw new PipelineException("filter needs 'where:' (a SQL condition on the columns, e.g. where: \"age >= 18\").")); break;
            case "scale":
                var scaling = Parse<Scaling>(s.Method ?? "standard", "method");
                if (columns.Length > 0) p.Scale(scaling, columns);
                else p.ScaleAllExcept(scaling, except);
                break;
            case "log": p.Log(Required(columns)); break;
            case "onehot": foreach (var c in Required(columns)) p.OneHot(c); break;
            case "ordinal": foreach (var c in Required(columns)) p.Ordinal(c); break;
            case "target_encode":
                var target = s.Target ?? throw new PipelineException("target encoding needs 'target:'.");
                foreach (var c in Required(columns)) p.TargetEncode(c, target, s.Folds ?? 5, s.Seed ?? 0, s.Smoothing ?? 1.0);
                break;
            case "date_parts":
                var parts = (Names(s.Parts, "parts") ?? []).Select(x => Parse<DatePart>(x.Replace("_", "", StringComparison.Ordinal), "parts")).ToArray();
                foreach (var c in Required(columns)) p.DateParts(c, parts);
                break;
            case "hashing": foreach (var c in Required(columns)) p.Hash(c, s.Buckets ?? 16); break;
            case "select_best":
                p.SelectBest(s.Target ?? throw new PipelineException("select_best needs 'target:'."), Parse<FeatureScore>(s.Score ?? "mutual_information", "score"),
                    s.Keep ?? throw new PipelineException("select_best needs 'keep:' (how many features)."));
                break;
            case "tfidf": foreach (var c in Required(columns)) p.TfIdf(c, s.MaxFeatures ?? 100); break;
            case "token_ids": foreach (var c in Required(columns)) p.TokenIds(c, s.MaxTokens ?? 10_000, s.SequenceLength ?? 32); break;
            case "subword_ids": foreach (var c in Required(columns)) p.SubwordIds(c, s.SequenceLength ?? 64, s.MaxTokens ?? 0); break;
            case "select_l1": p.SelectL1(s.Target ?? throw new PipelineException("select_l1 needs 'target:'."), s.Alpha ?? 0.01); break;
            case "rfe":
                p.EliminateRecursively(s.Target ?? throw new PipelineException("rfe needs 'target:'."), s.Keep ?? throw new PipelineException("rfe needs 'keep:' (how many features)."));
                break;
            case "variance_threshold": p.VarianceThreshold(s.Threshold ?? 0, except); break;
            case "correlation_filter": p.CorrelationFilter(s.Threshold ?? 0.95, except); break;
            case "pca": p.Pca(s.Components ?? throw new PipelineException("PCA needs 'components:'."), except); break;
            case "polynomial": p.Polynomial(Required(columns), s.InteractionOnly ?? false); break;
            case "drop": p.Drop(Required(columns)); break;
            default:
                throw new PipelineException($"'{s.Step}' is not a step. Steps: {string.Join(", ", StepNames)}.");
        }
    }

    // A YAML list may hold empty entries ('columns: [age, ]' or a '-' alone): refused here, not met later as a null name.
    private static string[]? Names(List<string>? names, string key) =>
        names?.Any(string.IsNullOrWhiteSpace) == true
            ? throw new PipelineException($"'{key}:' has an empty entry; name each one.")
            : names?.ToArray();

    private static string[] Required(string[] columns) =>
        columns.Length > 0 ? columns : throw new PipelineException("this step needs 'column:' or 'columns:'.");

    private static T Parse<T>(string text, string key) where T : struct, Enum =>
        Enum.TryParse<T>(text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var value)
            ? value
            : throw new PipelineException($"'{text}' is not a valid '{key}'. Choose one of: {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");
}
