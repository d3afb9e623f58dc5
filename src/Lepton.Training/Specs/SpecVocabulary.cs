namespace Lepton.Training.Specs;

/// <summary>The words a training spec may use: its keys and the values of its closed lists (Ludwig's where it has them).</summary>
internal static class SpecVocabulary
{
    public const string Number = "number";
    public const string Category = "category";
    public const string Binary = "binary";
    public const string Text = "text";
    public const string Date = "date";
    public const string Image = "image";

    public const string Nn = "nn";
    public const string Gbm = "gbm";

    public const string Auto = "auto";

    public static readonly string[] TopKeys = ["data", "model_type", "input_features", "output_features", "preprocessing", "combiner", "trainer", "gbm", "hyperopt"];
    public static readonly string[] InputKeys = ["name", "type", "preprocessing", "encoder"];
    public static readonly string[] OutputKeys = ["name", "type"];
    public static readonly string[] PreprocessingKeys = ["split"];
    public static readonly string[] SplitKeys = ["type", "column", "probabilities", "seed"];
    public static readonly string[] CombinerKeys = ["type", "fc_layers", "num_fc_layers", "output_size", "dropout", "norm", "activation"];
    public static readonly string[] TrainerKeys =
    [
        "epochs", "batch_size", "optimizer", "learning_rate", "learning_rate_scheduler", "early_stop", "class_weights", "regularization_lambda", "time_limit",
    ];
    public static readonly string[] OptimizerKeys = ["type", "momentum"];
    public static readonly string[] SchedulerKeys = ["decay", "decay_rate", "decay_steps", "reduce_on_plateau", "reduce_on_plateau_rate"];
    public static readonly string[] GbmKeys = ["num_boost_round", "n_estimators", "num_leaves", "learning_rate", "min_data_in_leaf", "max_bin", "lambda_l2", "early_stop"];

    public static readonly string[] ModelTypes = [Nn, Gbm];
    public static readonly string[] InputTypes = [Number, Category, Binary, Text, Date, Image];
    public static readonly string[] OutputTypes = [Category, Binary, Number];
    public static readonly string[] SplitTypes = ["random", "stratified", "time", "group"];
    public static readonly string[] CombinerTypes = ["concat"];
    public static readonly string[] Norms = ["none", "batch", "layer"];
    public static readonly string[] Activations = ["relu", "tanh", "sigmoid", "gelu", "elu", "leaky_relu"];
    public static readonly string[] Optimizers = ["adam", "adamw", "sgd", "rmsprop", "adagrad"];
    public static readonly string[] Decays = ["none", "cosine", "step", "one_cycle"];
    public static readonly string[] ClassWeightModes = [Auto, "balanced", "none"];

    /// <summary>Ludwig's spellings read as ours.</summary>
    public static string Alias(string value) => value switch
    {
        "ecd" => Nn,
        "stratify" => "stratified",
        "datetime" => "time",
        "batch_norm" => "batch",
        "layer_norm" => "layer",
        _ => value,
    };

    /// <summary>The encoders each input type accepts; the first is its default.</summary>
    public static string[] Encoders(string type) => type switch
    {
        Text => ["tf_idf"],
        _ => ["passthrough"],
    };
}
