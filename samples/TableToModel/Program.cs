// A table to a model: read a CSV, fit a preprocessing pipeline on the training rows, train a small network on its
// features, evaluate it on held-out rows and save it with the pipeline, so `lepton serve` takes records by column name.
// Run: dotnet run --project samples/TableToModel -c Release [-- data.csv [target-column]]
// Without arguments it reads scikit-learn's iris.csv (Debian's python3-sklearn); the target defaults to the last column.
using System.Text.Json.Nodes;
using Lepton;
using Lepton.Data;
using Lepton.Data.Pipelines;
using Lepton.Data.Splits;
using Lepton.Data.Tables;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;

const string Iris = "/usr/lib/python3/dist-packages/sklearn/datasets/data/iris.csv";
var path = args.Length > 0 ? args[0] : Iris;
using var table = path == Iris ? ReadSklearnCsv(path, ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]) : Table.Read(path);
var target = args.Length > 1 ? args[1] : table.Columns[^1].Name;
var labels = FeatureTensors.ClassNames(table, target).ToArray();   // integer labels in numeric order: 2 before 10
// scikit-learn's files code the classes 0, 1, 2 and name them on their first line.
var classNames = path == Iris ? File.ReadLines(path).First().Split(',')[2..] : labels;
Console.WriteLine($"{path}: {table.RowCount} rows; predicting '{target}' ({string.Join(", ", classNames)})");

// Fit the preprocessing on the training rows only: median for missing numbers, standard scaling, one-hot categories.
LeptonRuntime.Seed(1);
using var split = Splitter.Stratified(table, target, testFraction: 0.2, seed: 1);
var numeric = table.Columns.Where(c => c.Name != target && c.IsNumeric).Select(c => c.Name).ToArray();
var pipeline = Pipeline.Create();
if (numeric.Length > 0) pipeline.Impute(Imputation.Median, numeric).Scale(Scaling.Standard, numeric);
foreach (var column in table.Columns.Where(c => c.Name != target && c.Kind is ColumnKind.Categorical or ColumnKind.Boolean))
    pipeline.OneHot(column.Name);
using var transformed = pipeline.Fit(split.Train, out var fitted);
var preprocessing = new TablePreprocessing(fitted, fitted.OutputColumns.Where(c => c != target && transformed.Table.Column(c).IsNumeric).ToList());
Console.WriteLine($"pipeline: {string.Join("; ", fitted.Steps)} -> {preprocessing.Features.Count} features");

// The same steps turn the held-out rows into features; the model never sees their statistics.
using var heldOut = fitted.Apply(split.Test);
using var train = Examples(transformed.Table);
using var test = Examples(heldOut.Table);
var model = new Sequential(new Shape(preprocessing.Features.Count), new Dense(16, "relu"), new Dense(classNames.Length));
model.Compile(new Adam(0.01), new SparseCategoricalCrossentropy(fromLogits: true), new Accuracy());
model.Fit(train, epochs: 50, batchSize: 16, validationSplit: 0.1);
var results = model.Evaluate(test);
Console.WriteLine($"held-out accuracy {results["accuracy"]:0.0000} on {test.Count} rows");

// The pipeline and its feature columns go into the model file: a server reads raw records with them.
preprocessing.WriteTo(model.Metadata.Preprocessing);
model.Metadata.Metrics["test_accuracy"] = results["accuracy"];
var output = Path.ChangeExtension(Path.GetFileName(path), ".lepton");
model.Save(output);
var record = new JsonObject(fitted.InputColumns.Where(c => c != target).Select(c =>
    KeyValuePair.Create(c, table.Column(c).IsNumeric ? JsonValue.Create(split.Test.GetDoubles(c)[0]) : (JsonNode?)JsonValue.Create(split.Test.GetStrings(c)[0]))));
Console.WriteLine($"saved {output}; serve it with `lepton serve {output}`, then POST /models/{Path.GetFileNameWithoutExtension(output)}/predict");
Console.WriteLine($$"""  {"instances": [{{record.ToJsonString()}}]}""");

// Features and labels as tensors Fit and Evaluate take.
TensorDataset Examples(Table rows) => new(
    FeatureTensors.ToFeatureTensor(rows, [.. preprocessing.Features]),
    FeatureTensors.ToLabelTensor(rows, target, labels),
    classNames);

// scikit-learn's CSVs start with a line of counts and class names instead of column names.
static Table ReadSklearnCsv(string path, string[] columns) => Table.Read(path, new TableReadOptions
{
    HasHeader = false,
    SkipLines = 1,
    ColumnNames = columns,
    ColumnKinds = new Dictionary<string, ColumnKind> { [columns[^1]] = ColumnKind.Categorical },
});
