using System.Globalization;
using Lepton.Data;
using Lepton.Data.Images;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Serialization;
using static TorchSharp.torch;

namespace Lepton.Training.Evaluation;

/// <summary>
/// Evaluates a model on labelled data it reads the way it was trained: a table through the model's stored table
/// pipeline, an image folder through its stored image format, or a dataset of tensors. A classifier (class names,
/// or a cross-entropy loss) gets <see cref="ClassificationEvaluation"/>, any other model <see cref="RegressionEvaluation"/>;
/// a multi-task model gets one of those per output (<see cref="EvaluateOutputs"/>).
/// </summary>
public static class ModelEvaluator
{
    /// <summary>
    /// Evaluates <paramref name="model"/> on a table: the model's table pipeline is applied to every row (row-dropping
    /// steps skipped), its feature columns fed to the model, and the predictions compared with the raw target column.
    /// Rows whose target is missing are left out and counted.
    /// </summary>
    /// <param name="model">A model saved with a <see cref="TablePreprocessing"/>.</param>
    /// <param name="table">Rows with the columns the model was trained on and the target.</param>
    /// <param name="target">The target column; by default the one the model names under <see cref="TableDataset.TargetKey"/>.</param>
    /// <param name="batchSize">Rows per forward pass.</param>
    /// <exception cref="EvaluationException">The model takes no tables or names no target, the target or a column the model needs is missing, a class is one the model never saw, or no row has a target.</exception>
    public static ModelEvaluation Evaluate(Model model, Table table, string? target = null, int batchSize = 512)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(table);
        var heads = HeadsOf(model);
        if (heads.Count > 0)
        {
            if (target is not null && heads.Any(h => h.Name == target)) return EvaluateOutputs(model, table, [target], batchSize).Outputs[0];
            throw new EvaluationException(
                $"The model has {heads.Count} outputs ({string.Join(", ", heads.Select(h => h.Name))}): evaluate them all with EvaluateOutputs, or name one of them as the target{(target is null ? "" : $" ('{target}' is not one)")}.");
        }
        var source = table.ReadSummary.FilePath;
        using var preprocessing = PreprocessingOf(model);
        target ??= model.Metadata.Preprocessing[TableDataset.TargetKey]?.GetValue<string>()
            ?? throw new EvaluationException("The model does not name its target column: say which column of the data holds the true values (--target COL).");
        if (!table.Columns.Any(c => c.Name == target))
            throw new EvaluationException($"The target column '{target}' is not in {source}. Its columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.");

        var classifier = IsClassifier(model);
        var outputs = PredictTable(model, preprocessing, table, source, classifier, batchSize);
        return Score(table, target, source, outputs, classifier ? ClassNamesOf(model, outputs.GetLength(1)) : null);
    }

    /// <summary>
    /// Evaluates every output of a multi-task model (a spec with several output features) on a table, each as a model
    /// of that one output would be: classification figures for a class output, regression figures for a number. The
    /// table goes through the model's pipeline once; each output leaves out and counts its own rows without a value.
    /// </summary>
    /// <param name="model">A model whose file lists its outputs (<see cref="OutputHead"/>).</param>
    /// <param name="table">Rows with the columns the model reads and a column per output evaluated.</param>
    /// <param name="outputs">The outputs to evaluate, by name; by default all, in the model's order.</param>
    /// <param name="batchSize">Rows per forward pass.</param>
    /// <exception cref="EvaluationException">The model has one output, an output is not the model's, an output's column is missing from the table, or as <see cref="Evaluate"/>.</exception>
    public static MultiOutputEvaluation EvaluateOutputs(Model model, Table table, IReadOnlyList<string>? outputs = null, int batchSize = 512)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(table);
        var source = table.ReadSummary.FilePath;
        var heads = HeadsOf(model);
        if (heads.Count == 0) throw new EvaluationException("The model has one output: evaluate it with Evaluate.");
        var chosen = heads.ToList();
        if (outputs is not null)
        {
            chosen = outputs.Select(name => heads.FirstOrDefault(h => h.Name == name)
                ?? throw new EvaluationException($"'{name}' is not an output of the model; its outputs: {string.Join(", ", heads.Select(h => h.Name))}.")).ToList();
        }
        var missing = chosen.Where(h => !table.Columns.Any(c => c.Name == h.Name)).Select(h => h.Name).ToList();
        if (missing.Count > 0)
        {
            throw new EvaluationException(
                $"{source} has no {string.Join(" or ", missing.Select(m => $"'{m}'"))} column{(missing.Count > 1 ? "s" : "")}: evaluation compares each output of the model ({string.Join(", ", heads.Select(h => h.Name))}) with its true values, so the data needs every output's column. Its columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.{Present(chosen, missing)}");
        }

        // The loss's probabilities: a softmax per class head, the value itself per number head.
        using var preprocessing = PreprocessingOf(model);
        var all = PredictTable(model, preprocessing, table, source, probabilities: true, batchSize);
        return new MultiOutputEvaluation(source, chosen.Select(h => Score(table, h.Name, source, Columns(all, h.Offset, h.Width), h.IsClassification ? h.ClassNames : null, h.Name)).ToList());
    }

    /// <summary>
    /// Evaluates an image classifier on a folder laid out as Keras's <c>image_dataset_from_directory</c>: one
    /// subfolder per class, named as the model's classes, holding image files (when the folder has split folders,
    /// those of its <c>test/</c> folder, see <see cref="ImageFolder.TestFolder"/>). Each image is decoded, resized and
    /// scaled as the model's <see cref="ImageFormat"/> says; files that cannot be decoded are left out and counted.
    /// </summary>
    /// <exception cref="EvaluationException">The model takes no images or has no class names, a subfolder is not one of its classes, or there are no images.</exception>
    public static ModelEvaluation EvaluateImageFolder(Model model, string folder, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var format = ImageFormat.FromPreprocessing(model.Metadata.Preprocessing)
            ?? throw new EvaluationException("The model's preprocessing has no image format, so it does not read image folders.");
        var names = model.Metadata.ClassNames;
        if (names.Count == 0) throw new EvaluationException("The model has no class names to match the folder's subfolders with.");
        folder = ImageFolder.TestFolder(folder) ?? throw new EvaluationException($"{folder} has split folders but no test/ folder to evaluate on: give the folder of the images to evaluate.");
        var files = new List<(string Path, int Label)>();
        foreach (var sub in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(sub);
            var label = names.ToList().IndexOf(name);
            if (label < 0) throw new EvaluationException($"The folder {sub} is named '{name}', which is not one of the model's classes: {string.Join(", ", names)}.");
            files.AddRange(Directory.GetFiles(sub).Where(f => ImageFolder.Extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal).Select(f => (f, label)));
        }
        if (files.Count == 0)
            throw new EvaluationException($"{folder} holds no images in class folders: expected {folder}/<class>/*.png (or .jpg, .bmp, .gif, .webp), the classes being {string.Join(", ", names)}.");

        var probabilities = new List<float[]>();
        var labels = new List<int>();
        long unreadable = 0;
        for (var start = 0; start < files.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var images = new List<Tensor>();
            foreach (var (path, label) in files.Skip(start).Take(batchSize))
            {
                try
                {
                    images.Add(format.Load(path));
                    labels.Add(label);
                }
                catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException)
                {
                    unreadable++;
                }
            }
            if (images.Count == 0) continue;
            var batch = model.PredictProbabilities(stack(images)).to_type(ScalarType.Float32).cpu();
            var classes = (int)batch.shape[1];
            var data = batch.data<float>().ToArray();
            for (var i = 0; i < images.Count; i++) probabilities.Add(data.AsSpan(i * classes, classes).ToArray());
        }
        if (labels.Count == 0) throw new EvaluationException($"None of the {files.Count} images in {folder} could be read.");
        return new ModelEvaluation(folder, ClassificationEvaluation.Compute(ToMatrix(probabilities), [.. labels], names), null) { UnreadableImages = unreadable };
    }

    /// <summary>
    /// Evaluates a classifier on a dataset whose targets are class indices (a catalog dataset's test set). When both
    /// the data and the model name their classes, a data class is matched to the model's class of the same name,
    /// whatever its index.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="data">Examples with class-index targets.</param>
    /// <param name="description">What the data is, for the report.</param>
    /// <param name="batchSize">Examples per forward pass.</param>
    /// <exception cref="EvaluationException">The data has no targets, or a class of the data is not one of the model's.</exception>
    public static ModelEvaluation EvaluateClassifier(Model model, Dataset data, string description, int batchSize = 512)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var byName = ModelLabelsOf(model, data.ClassNames, description);
        using var scope = NewDisposeScope();
        var probabilities = ToArray(model.PredictProbabilities(data, batchSize));
        var labels = new int[data.Count];
        for (var start = 0; start < data.Count; start += batchSize)
        {
            var indices = Enumerable.Range(start, Math.Min(batchSize, data.Count - start)).ToArray();
            using var batch = data.GetBatch(indices);
            var target = batch.Target ?? throw new EvaluationException($"{description} has no targets to compare the predictions with.");
            var values = target.reshape(-1).to_type(ScalarType.Int64).cpu().data<long>().ToArray();
            for (var i = 0; i < values.Length; i++) labels[start + i] = byName is null ? (int)values[i] : byName[values[i]];
        }
        var names = ClassNamesOf(model, probabilities.GetLength(1));
        return new ModelEvaluation(description, ClassificationEvaluation.Compute(probabilities, labels, names), null);
    }

    /// <summary>The model's class index of each of the data's classes, matched by name; null when the model or the data names none.</summary>
    private static int[]? ModelLabelsOf(Model model, IReadOnlyList<string>? dataClasses, string description)
    {
        var modelClasses = model.Metadata.ClassNames;
        if (dataClasses is null || modelClasses.Count == 0) return null;
        var missing = dataClasses.Where(c => !modelClasses.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new EvaluationException(
                $"The classes of {description} are not the model's: {string.Join(", ", missing.Select(m => $"'{m}'"))} {(missing.Count == 1 ? "is" : "are")} not among the model's classes " +
                $"({string.Join(", ", modelClasses)}); the data's classes are {string.Join(", ", dataClasses)}. Evaluate the model on data with its classes.");
        return [.. dataClasses.Select(c => modelClasses.ToList().IndexOf(c))];
    }

    /// <summary>A classifier names its classes or was trained with a cross-entropy loss.</summary>
    internal static bool IsClassifier(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Metadata.ClassNames.Count > 0
            || model.Metadata.OutputLoss is BinaryCrossentropy or CategoricalCrossentropy or SparseCategoricalCrossentropy;
    }

    /// <summary>
    /// The figures of one target column against the model's outputs for every row of the table: probabilities of
    /// <paramref name="classNames"/> for a classifier, else one value per row. Rows without a target are left out and counted.
    /// </summary>
    private static ModelEvaluation Score(Table table, string target, string source, float[,] outputs, IReadOnlyList<string>? classNames, string? output = null)
    {
        if (classNames is not null)
        {
            var (kept, labels, dropped) = Labels(table.GetStrings(target), classNames, target, source);
            if (labels.Length == 0) throw new EvaluationException($"No row of {source} has a value in '{target}': nothing to evaluate.");
            return new ModelEvaluation(source, ClassificationEvaluation.Compute(Rows(outputs, kept), labels, classNames), null) { RowsWithoutTarget = dropped, Output = output };
        }

        var values = table.GetDoubles(target);
        var rows = Enumerable.Range(0, values.Length).Where(i => values[i] is { } v && double.IsFinite(v)).ToArray();
        if (rows.Length == 0) throw new EvaluationException($"No row of {source} has a number in '{target}': nothing to evaluate.");
        var predicted = rows.Select(i => (double)outputs[i, 0]).ToArray();
        var actual = rows.Select(i => values[i]!.Value).ToArray();
        return new ModelEvaluation(source, null, RegressionEvaluation.Compute(predicted, actual)) { RowsWithoutTarget = values.Length - rows.Length, Output = output };
    }

    private static string Present(List<OutputHead> chosen, List<string> missing) =>
        chosen.Where(h => !missing.Contains(h.Name)).Select(h => h.Name).ToList() is { Count: > 0 } present
            ? $" To evaluate only the outputs it has, name one as the target (--target {present[0]})."
            : "";

    private static TablePreprocessing PreprocessingOf(Model model)
    {
        try
        {
            return TablePreprocessing.ReadFrom(model.Metadata.Preprocessing)
                ?? throw new EvaluationException("The model has no table pipeline in its preprocessing, so it does not read tables; evaluate it on the data it takes (an image folder, a dataset).");
        }
        catch (PipelineException e)
        {
            throw new EvaluationException($"The model's table pipeline cannot be read: {e.Message}", e);
        }
    }

    private static IReadOnlyList<OutputHead> HeadsOf(Model model)
    {
        try
        {
            return OutputHead.Of(model);
        }
        catch (ModelFileException e)
        {
            throw new EvaluationException(e.Message, e);
        }
    }

    private static float[,] Columns(float[,] all, int offset, int width)
    {
        var rows = all.GetLength(0);
        var result = new float[rows, width];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < width; j++) result[i, j] = all[i, offset + j];
        }
        return result;
    }

    private static float[,] PredictTable(Model model, TablePreprocessing preprocessing, Table table, string source, bool probabilities, int batchSize)
    {
        using var scope = NewDisposeScope();
        Tensor features;
        try
        {
            using var result = preprocessing.Apply(table);
            features = FeatureTensors.ToFeatureTensor(result.Table, [.. preprocessing.Features]);
        }
        catch (PipelineException e)
        {
            throw new EvaluationException($"The model's pipeline cannot read {source}: {e.Message}", e);
        }
        using var data = new TensorDataset(preprocessing.SplitByInput(features), null);
        var outputs = probabilities ? model.PredictProbabilities(data, batchSize) : model.Predict(data, batchSize);
        return ToArray(outputs);
    }

    private static float[,] ToArray(Tensor outputs)
    {
        using var scope = NewDisposeScope();
        var flat = outputs.to_type(ScalarType.Float32).cpu().reshape(outputs.shape[0], -1);
        var rows = (int)flat.shape[0];
        var columns = (int)flat.shape[1];
        var data = flat.data<float>().ToArray();
        var result = new float[rows, columns];
        Buffer.BlockCopy(data, 0, result, 0, data.Length * sizeof(float));
        return result;
    }

    private static float[,] ToMatrix(List<float[]> rows)
    {
        var result = new float[rows.Count, rows[0].Length];
        for (var i = 0; i < rows.Count; i++)
        {
            for (var j = 0; j < rows[i].Length; j++) result[i, j] = rows[i][j];
        }
        return result;
    }

    private static float[,] Rows(float[,] all, int[] kept)
    {
        var columns = all.GetLength(1);
        var result = new float[kept.Length, columns];
        for (var i = 0; i < kept.Length; i++)
        {
            for (var j = 0; j < columns; j++) result[i, j] = all[kept[i], j];
        }
        return result;
    }

    /// <summary>The model's class names, or the indices when it stores none (a sigmoid output has two classes).</summary>
    private static IReadOnlyList<string> ClassNamesOf(Model model, int columns)
    {
        if (model.Metadata.ClassNames.Count > 0) return model.Metadata.ClassNames;
        return Enumerable.Range(0, columns == 1 ? 2 : columns).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToList();
    }

    /// <summary>
    /// The class index of each row with a target. A value is matched to a class name as text, or as a number when
    /// both are numbers ("1.0" is class "1"). A value that is no class is an error: the model cannot predict it, so
    /// it is most likely the wrong target column or file, and counting it as wrong would quietly lower every figure.
    /// </summary>
    private static (int[] Kept, int[] Labels, long Dropped) Labels(string?[] values, IReadOnlyList<string> names, string target, string source)
    {
        var byName = names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        var byNumber = new Dictionary<double, int>();
        for (var i = 0; i < names.Count; i++)
        {
            if (double.TryParse(names[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) byNumber.TryAdd(n, i);
        }
        var kept = new List<int>();
        var labels = new List<int>();
        long dropped = 0;
        for (var row = 0; row < values.Length; row++)
        {
            var value = values[row];
            if (string.IsNullOrEmpty(value))
            {
                dropped++;
                continue;
            }
            if (!byName.TryGetValue(value, out var label)
                && !(double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && byNumber.TryGetValue(number, out label)))
            {
                throw new EvaluationException(
                    $"Data row {row + 1} of {source} has '{value}' in '{target}', a class the model never saw; it knows {string.Join(", ", names)}. Check the target column, or evaluate on data with the model's classes only.");
            }
            kept.Add(row);
            labels.Add(label);
        }
        return ([.. kept], [.. labels], dropped);
    }
}
