using Lepton.Data.Pipelines.Steps;
using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines;

/// <summary>
/// A list of cleaning and transforming steps, built fluently and fitted on training data only:
/// <c>Pipeline.Create().Impute("age", Imputation.Median).Scale(Scaling.Standard).OneHot("city").Fit(train)</c>.
/// The <see cref="FittedPipeline"/> applies the same steps, unchanged, to any table.
/// </summary>
public sealed class Pipeline
{
    private readonly List<PipelineStep> steps = [];
    private readonly Dictionary<string, ColumnDefault> defaults = new(StringComparer.Ordinal);

    private Pipeline()
    {
    }

    /// <summary>An empty pipeline to add steps to.</summary>
    public static Pipeline Create() => new();

    /// <summary>How many steps there are.</summary>
    public int Count => steps.Count;

    internal Pipeline Add(PipelineStep step)
    {
        steps.Add(step);
        return this;
    }

    /// <summary>Fills missing values of the columns (all applicable columns when none are named).</summary>
    public Pipeline Impute(Imputation method, params string[] columns) => Add(new ImputeStep { Columns = columns, Method = method });

    /// <summary>Fills missing values of one column.</summary>
    public Pipeline Impute(string column, Imputation method) => Impute(method, column);

    /// <summary>Fills missing values of one column with a number.</summary>
    public Pipeline Impute(string column, double constant) =>
        Add(new ImputeStep { Columns = [column], Method = Imputation.Constant, Constant = constant.ToString("R", System.Globalization.CultureInfo.InvariantCulture) });

    /// <summary>Fills missing values of one column with a text value (a category).</summary>
    public Pipeline Impute(string column, string constant) => Add(new ImputeStep { Columns = [column], Method = Imputation.Constant, Constant = constant });

    /// <summary>Drops or clips values outside Q1 − k·IQR and Q3 + k·IQR of the training data (dropping rows is training only, as <see cref="DropMissing"/>).</summary>
    public Pipeline Outliers(string column, OutlierAction action, double iqrFactor = 1.5) =>
        Add(new OutlierStep { Column = column, Action = action, IqrFactor = iqrFactor });

    /// <summary>Clips values to the training quantiles <paramref name="lower"/> and <paramref name="upper"/> (winsorizing).</summary>
    public Pipeline Winsorize(string column, double lower = 0.05, double upper = 0.95)
    {
        if (!(lower >= 0 && lower < upper && upper <= 1)) throw new ArgumentOutOfRangeException(nameof(lower), $"Winsorize needs 0 ≤ lower < upper ≤ 1, not {lower} and {upper}.");
        return Add(new OutlierStep { Column = column, Action = OutlierAction.Clip, LowerQuantile = lower, UpperQuantile = upper });
    }

    /// <summary>
    /// Removes rows in which any of the columns is missing, e.g. the target; the report counts them. Like every step
    /// that removes rows it shapes the training table only: see <see cref="FittedPipeline.Apply"/>.
    /// </summary>
    public Pipeline DropMissing(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0) throw new ArgumentException("Name the columns whose missing values drop a row (e.g. the target).", nameof(columns));
        return Add(new DropMissingStep { Columns = columns });
    }

    /// <summary>
    /// Keeps the rows for which <paramref name="where"/>, a SQL condition on the columns (<c>"age &gt;= 18"</c>), is true
    /// (as <see cref="Table.Filter"/>); checked when fitted, naming any column it refers to that the table lacks. Training only,
    /// as <see cref="DropMissing"/>.
    /// </summary>
    public Pipeline Filter(string where)
    {
        if (string.IsNullOrWhiteSpace(where)) throw new ArgumentException("The filter is empty. Write a SQL condition on the columns, e.g. \"age >= 18\".", nameof(where));
        return Add(new FilterStep { Where = where });
    }

    /// <summary>Removes rows equal to an earlier one, on all columns or the ones named (training only, as <see cref="DropMissing"/>).</summary>
    public Pipeline Deduplicate(params string[] columns) => Add(new DeduplicateStep { Columns = columns });

    /// <summary>Rescales the numeric columns named (all numeric columns when none are named).</summary>
    public Pipeline Scale(Scaling method, params string[] columns) => Add(new ScaleStep { Columns = columns, Method = method });

    /// <summary>Rescales all numeric columns except some (e.g. the target).</summary>
    public Pipeline ScaleAllExcept(Scaling method, params string[] except) => Add(new ScaleStep { Method = method, Except = except });

    /// <summary>ln(1 + x) on the columns.</summary>
    public Pipeline Log(params string[] columns) => Add(new LogStep { Columns = columns });

    /// <summary>One 0/1 column per training category; unseen categories give all zeros (counted).</summary>
    public Pipeline OneHot(string column) => Add(new OneHotStep { Column = column });

    /// <summary>Category → its index among the sorted training categories; unseen or missing → −1 (counted).</summary>
    public Pipeline Ordinal(string column) => Add(new OrdinalStep { Column = column });

    /// <summary>Category → smoothed mean of the target, cross-fitted on the training rows in <paramref name="folds"/> folds.</summary>
    public Pipeline TargetEncode(string column, string target, int folds = 5, int seed = 0, double smoothing = 1.0) =>
        Add(new TargetEncodeStep { Column = column, Target = target, Folds = folds, Seed = seed, Smoothing = smoothing });

    /// <summary>Replaces a date column by numeric parts (year, month, day, day of week unless given).</summary>
    public Pipeline DateParts(string column, params DatePart[] parts) =>
        Add(parts.Length == 0 ? new DatePartsStep { Column = column } : new DatePartsStep { Column = column, Parts = parts });

    /// <summary>Removes numeric columns whose training variance is at most <paramref name="threshold"/>.</summary>
    public Pipeline VarianceThreshold(double threshold = 0, params string[] except) => Add(new VarianceThresholdStep { Threshold = threshold, Except = except });

    /// <summary>Removes the later of each pair of numeric columns whose training |r| exceeds <paramref name="threshold"/>.</summary>
    public Pipeline CorrelationFilter(double threshold = 0.95, params string[] except) => Add(new CorrelationFilterStep { Threshold = threshold, Except = except });

    /// <summary>Replaces numeric columns (all but <paramref name="except"/>) by their leading principal components pc1…pcN.</summary>
    public Pipeline Pca(int components, params string[] except) => Add(new PcaStep { Components = components, Except = except });

    /// <summary>Adds squares and pairwise products of the columns (only products when <paramref name="interactionOnly"/>).</summary>
    public Pipeline Polynomial(string[] columns, bool interactionOnly = false) => Add(new PolynomialStep { Columns = columns, InteractionOnly = interactionOnly });

    /// <summary>Hashing encoding: <paramref name="buckets"/> 0/1 columns <c>column#i</c>; every category, seen or not, lands in one.</summary>
    public Pipeline Hash(string column, int buckets = 16) => Add(new HashingStep { Column = column, Buckets = buckets });

    /// <summary>Keeps the <paramref name="keep"/> numeric features scoring highest against a class target (chi² or mutual information).</summary>
    public Pipeline SelectBest(string target, FeatureScore score, int keep) => Add(new SelectBestStep { Target = target, Score = score, Keep = keep });

    /// <summary>Keeps the numeric features whose lasso coefficient (standardised, penalty <paramref name="alpha"/>) for a numeric target is not zero.</summary>
    public Pipeline SelectL1(string target, double alpha = 0.01) => Add(new ModelSelectionStep { Target = target, Alpha = alpha });

    /// <summary>Recursive feature elimination with least squares for a numeric target: removes the weakest feature and refits until <paramref name="keep"/> remain.</summary>
    public Pipeline EliminateRecursively(string target, int keep) => Add(new ModelSelectionStep { Target = target, Recursive = true, Keep = keep });

    /// <summary>TF-IDF of a text column over the <paramref name="maxFeatures"/> training words found in most rows (as scikit-learn's TfidfVectorizer by default).</summary>
    public Pipeline TfIdf(string column, int maxFeatures = 100) => Add(new TfIdfStep { Column = column, MaxFeatures = maxFeatures });

    /// <summary>Text to word ids (Keras TextVectorization style): a training vocabulary of <paramref name="maxTokens"/> ids (0 pads, 1 unknown), <paramref name="sequenceLength"/> columns.</summary>
    public Pipeline TokenIds(string column, int maxTokens = 10_000, int sequenceLength = 32) =>
        Add(new TokenIdsStep { Column = column, MaxTokens = maxTokens, SequenceLength = sequenceLength });

    /// <summary>
    /// Text to subword ids with the pretrained cl100k_base tokenizer (Microsoft.ML.Tokenizers), <paramref name="sequenceLength"/>
    /// columns (0: fitted, the 95th percentile of the training rows' token counts), 0 padding. Without
    /// <paramref name="maxTokens"/> an id is the tokenizer's id + 1; with it, the vocabulary is the training rows'
    /// <paramref name="maxTokens"/> − 2 most frequent tokens (1 is any other token), stored with the fitted step.
    /// </summary>
    public Pipeline SubwordIds(string column, int sequenceLength = 64, int maxTokens = 0) =>
        Add(new SubwordIdsStep { Column = column, SequenceLength = sequenceLength, MaxTokens = maxTokens });

    /// <summary>Removes columns (absent ones are ignored at apply time).</summary>
    public Pipeline Drop(params string[] columns) => Add(new DropColumnsStep { Columns = columns });

    /// <summary>States the rule for a column missing at apply time: it is added with this number in every row (reported).</summary>
    public Pipeline WithDefault(string column, double value)
    {
        defaults[column] = new ColumnDefault { Number = value };
        return this;
    }

    /// <summary>States the rule for a column missing at apply time: it is added with this text in every row (reported).</summary>
    public Pipeline WithDefault(string column, string value)
    {
        defaults[column] = new ColumnDefault { Text = value };
        return this;
    }

    /// <summary>Fits every step on the training table, in order (each on the output of the ones before).</summary>
    public FittedPipeline Fit(Table train)
    {
        using var result = Fit(train, out var fitted);
        return fitted;
    }

    /// <summary>Fits every step and also returns the transformed training table (cross-fitted where a step needs it).</summary>
    public PipelineResult Fit(Table train, out FittedPipeline fitted)
    {
        ArgumentNullException.ThrowIfNull(train);
        var working = WorkingTable.CopyOf(train);
        try
        {
            var fittedSteps = new List<PipelineStep>();
            var reports = new List<StepReport>();
            foreach (var step in steps)
            {
                var done = step.Fit(working);
                reports.Add(done.ApplyToTraining(working));
                fittedSteps.Add(done);
            }
            var document = new PipelineDocument
            {
                InputColumns = train.Columns.Select(c => c.Name).ToList(),
                InputKinds = train.Columns.ToDictionary(c => c.Name, c => c.Kind.ToString(), StringComparer.Ordinal),
                OutputColumns = working.Columns.Select(c => c.Name).ToList(),
                Defaults = new Dictionary<string, ColumnDefault>(defaults, StringComparer.Ordinal),
                Steps = fittedSteps,
            };
            fitted = new FittedPipeline(document);
            var rows = working.RowCount;
            return new PipelineResult(working.ToTable(), new PipelineReport(reports, train.RowCount, rows));
        }
        finally
        {
            working.Dispose();
        }
    }
}
