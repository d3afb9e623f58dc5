using System.CommandLine;
using System.Globalization;
using System.Text;
using Lepton.Data.Datasets;
using Lepton.Data.Tables;
using Lepton.Export.Onnx;
using Lepton.Export.Quantization;
using Lepton.Nn.Models;
using Lepton.Nn.Serialization;
using Lepton.Training.Evaluation;
using Spectre.Console;
using Table = Spectre.Console.Table;

namespace Lepton.Cli.Commands.Compress;

/// <summary>
/// <c>lepton compress MODEL --quantize int8 [--calibration DATA] [--test DATA] --output q.onnx|q.lepton</c>: the model
/// exported to ONNX, quantized to int8 (dense, attention and LSTM weights dynamically; convolutions statically from
/// the calibration data), and the float and int8 graphs compared in ONNX Runtime in the same run: file size, the test
/// metric, latency and throughput.
/// </summary>
internal static class CompressCommand
{
    private const string Int8 = "int8";

    public static Command Create(IAnsiConsole console)
    {
        var store = new TrackingStoreOption();
        var reading = new DataReadOptions();
        var model = new Argument<string>("model") { Description = "A .lepton model file, or a registered model: name@alias, name/version." };
        var quantize = new Option<string?>("--quantize", "-q") { Description = "The quantization: int8 (what compress does when neither --prune nor --distill is given)." };
        quantize.AcceptOnlyFromAmong(Int8);
        var calibration = new Option<string?>("--calibration")
        {
            Description = "Data to calibrate the convolutions' activation ranges on (min-max), as 'lepton evaluate' takes it: an image folder, a table file or a catalog dataset (fashion-mnist calibrates on its training images). Without it convolutions stay float.",
        };
        var samples = new Option<int>("--calibration-samples") { Description = "Examples of the calibration data to record ranges on.", DefaultValueFactory = _ => 1000 };
        var test = new Option<string?>("--test") { Description = "Labelled data to compare the model before and after on (float and int8, or before and after pruning or distillation), as 'lepton evaluate' takes it." };
        var target = new Option<string?>("--target") { Description = "The column of a table that holds the true values (default: the one the model names)." };
        var output = new Option<string>("--output", "-o") { Description = "The file to write: q.onnx (the int8 ONNX graph) or q.lepton (that graph with the model's metadata, which lepton serve and predict run on ONNX Runtime); a .lepton file for --prune and --distill.", Required = true };
        var perTensor = new Option<bool>("--per-tensor") { Description = "One scale per weight tensor instead of one per output channel." };
        var noLstm = new Option<bool>("--no-ort-operators") { Description = "Use standard ONNX operators only: LSTMs stay float instead of becoming ONNX Runtime's DynamicQuantizeLSTM." };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime threads per session while measuring.", DefaultValueFactory = _ => 1 };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file." };
        var folder = new Option<string?>("--data") { Description = "A folder with the Fashion-MNIST IDX files (default: Debian's dataset-fashion-mnist)." };
        var command = new Command("compress", "Make a model smaller: quantize it to int8 for ONNX Runtime (dense, attention and LSTM weights dynamically, convolutions from calibration data), prune it while fine-tuning (--prune), or distill it into a smaller student (--distill); compared with the model it came from on --test data.")
        {
            model, quantize, calibration, samples, test, target, output, perTensor, noLstm, threads, json, folder,
        };
        var training = new TrainedCompression();
        training.AddTo(command);
        store.AddTo(command);
        reading.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(output)!;
            if (training.Asked(result))
            {
                training.Check(result, path, result.GetValue(quantize) is not null);
                if (result.GetValue(calibration) is not null) throw new CliException("--calibration is for --quantize: pruning and distillation learn from --train data.");
                CheckData(result.GetValue(training.Train)!, "--train");
                if (result.GetValue(test) is { } given) CheckData(given, "--test");
                var teacher = result.GetValue(model)!;
                using var trained = await ModelLoader.LoadAsync(teacher, store, result, cancellationToken).ConfigureAwait(false);
                return training.Run(console, result, trained, teacher, path, result.GetValue(test), result.GetValue(target), reading.Read(result));
            }
            var kind = Path.GetExtension(path).ToLowerInvariant();
            if (kind is not (".onnx" or ".lepton"))
                throw new CliException($"--output '{path}' must end in .onnx (the int8 ONNX graph) or .lepton (that graph with the model's metadata).");
            var calibrationData = result.GetValue(calibration);
            if (calibrationData is not null) CheckData(calibrationData, "--calibration");
            var testData = result.GetValue(test);
            if (testData is not null) CheckData(testData, "--test");
            var sessionThreads = result.GetValue(threads);
            if (sessionThreads < 1) throw new CliException($"--threads must be at least 1, not {sessionThreads}.");
            var source = result.GetValue(model)!;
            using var loaded = await ModelLoader.LoadAsync(source, store, result, cancellationToken).ConfigureAwait(false);

            byte[] floatBytes;
            try
            {
                // The network: a table model's pipeline runs in Lepton, on the float and the int8 graph alike.
                floatBytes = OnnxExport.ToBytes(loaded, new OnnxExportOptions { NetworkOnly = true });
            }
            catch (OnnxExportException e)
            {
                throw new CliException($"{e.Message} The model is quantized from its ONNX export; see docs/export.md for the layers it covers.");
            }

            var idx = result.GetValue(folder);
            var tableReading = reading.Read(result);
            var (ranges, observed) = calibrationData is null
                ? (null, 0L)
                : Calibrate(console, loaded, floatBytes, calibrationData, idx, result.GetValue(target), tableReading, result.GetValue(samples), sessionThreads);
            QuantizationResult quantized;
            try
            {
                quantized = OnnxQuantizer.Quantize(floatBytes, new QuantizationOptions
                {
                    PerChannel = !result.GetValue(perTensor),
                    QuantizeLstm = !result.GetValue(noLstm),
                    Calibration = ranges,
                });
            }
            catch (QuantizationException e)
            {
                throw new CliException($"'{source}': {e.Message}");
            }

            using var floatModel = new OnnxSessionModel(floatBytes, loaded, sessionThreads);
            using var int8Model = new OnnxSessionModel(quantized.Bytes, loaded, sessionThreads);
            ModelEvaluation? before = null, after = null;
            if (testData is not null)
            {
                before = Evaluate(console, floatModel, source, testData, idx, result.GetValue(target), tableReading);
                after = Evaluate(console, int8Model, source, testData, idx, result.GetValue(target), tableReading);
            }
            var sample = floatModel.FirstBatch ?? Zeros(loaded);
            var timings = SessionTiming.Measure([floatModel.Session, int8Model.Session], sample);

            try
            {
                if (kind == ".onnx") AtomicFile.Write(path, quantized.Bytes);
                else QuantizedModelFile.Save(path, quantized.Bytes, loaded);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"Cannot write '{path}': {e.Message}");
            }

            var metric = before is null ? null : EvaluateCommand.HeadlineMetric(before);
            var report = new CompressionReport
            {
                Model = source,
                Output = Path.GetFullPath(path),
                Quantization = Int8,
                FloatBytes = floatBytes.Length,
                QuantizedBytes = quantized.Bytes.Length,
                OutputBytes = new FileInfo(path).Length,
                Nodes = [.. quantized.Nodes.Select(n => new CompressionReport.NodeLine(n.Name, n.OpType, n.Scheme, n.Reason))],
                Calibration = calibrationData,
                CalibrationSamples = observed,
                Test = testData,
                Metric = metric,
                FloatMetric = metric is null ? null : before!.Metrics[metric],
                QuantizedMetric = metric is null ? null : after!.Metrics[metric],
                Agreement = Agreement(floatModel.Predicted, int8Model.Predicted),
                FloatTiming = timings[0],
                QuantizedTiming = timings[1],
                Threads = sessionThreads,
                Load = Load(),
            };
            Print(console, report, quantized, calibrationData is not null);
            if (result.GetValue(json) is { } jsonPath)
            {
                AtomicFile.Write(jsonPath, Encoding.UTF8.GetBytes(report.ToJson()));
                console.MarkupLineInterpolated($"Wrote the report to {Path.GetFullPath(jsonPath)}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A path that does not exist is an error here, before the model is loaded; a catalog dataset's name is not a path.</summary>
    private static void CheckData(string data, string option)
    {
        if (File.Exists(data) || Directory.Exists(data)) return;
        var catalog = false;
        try
        {
            catalog = DataInput.Resolve(data).Catalog is not null;
        }
        catch (Exception e) when (e is CliException or DatasetNotFoundException or ArgumentException or IOException)
        {
            // Not a catalog name either: reported below.
        }
        if (catalog) return;
        throw new CliException($"{option} '{data}' does not exist: give an image folder, a table file or a catalog dataset (fashion-mnist, iris, …).");
    }

    /// <summary>Runs the float graph on the calibration data (as 'lepton evaluate' reads it) and records the convolutions' ranges.</summary>
    private static (IReadOnlyDictionary<string, ActivationRange>?, long) Calibrate(IAnsiConsole console, Model source, byte[] graph, string data, string? idx, string? target, TableReadOptions reading, int limit, int threads)
    {
        if (limit < 1) throw new CliException($"--calibration-samples must be at least 1, not {limit}.");
        using var calibrator = new OnnxCalibrator(graph, threads);
        if (calibrator.Tensors.Count == 0)
        {
            console.MarkupLine("The model has no convolutions: calibration data is not needed (dense, attention and LSTM weights are quantized dynamically).");
            return (null, 0);
        }
        using var recorder = new OnnxSessionModel(graph, source, threads, inputs =>
        {
            if (calibrator.Samples < limit) calibrator.Observe(inputs);
        });
        if (IsFashionMnist(data)) CalibrateOnTrainingImages(console, recorder, idx, limit);
        else Evaluate(console, recorder, data, data, idx, target, reading, batchSize: 100);
        return (calibrator.Ranges, calibrator.Samples);
    }

    /// <summary>A catalog image dataset calibrates on its training images, never on the test set it is compared on.</summary>
    private static bool IsFashionMnist(string data)
    {
        if (File.Exists(data) || Directory.Exists(data)) return false;
        try
        {
            return DataInput.Resolve(data).Catalog is { IsTabular: false };
        }
        catch (Exception e) when (e is CliException or DatasetNotFoundException or ArgumentException or IOException)
        {
            return false;
        }
    }

    private static void CalibrateOnTrainingImages(IAnsiConsole console, Model recorder, string? idx, int limit)
    {
        var (train, test) = FashionMnist.Load(FashionMnistSetup.EnsureInstalled(idx, console));
        test.Dispose();
        using (train)
        {
            for (var start = 0; start < Math.Min(limit, train.Count); start += 100)
            {
                var indices = Enumerable.Range(start, Math.Min(100, Math.Min(limit, train.Count) - start)).ToArray();
                using var batch = train.GetBatch(indices);
                using var scope = TorchSharp.torch.NewDisposeScope();
                recorder.Predict([.. batch.Inputs]);
            }
        }
        console.MarkupLineInterpolated($"Calibrated on the first {Math.Min(limit, train.Count):N0} of {QuickstartCommand.Dataset}'s training images.");
    }

    private static ModelEvaluation Evaluate(IAnsiConsole console, Model model, string source, string data, string? idx, string? target, TableReadOptions reading, int batchSize = 256) =>
        EvaluateCommand.EvaluateOn(console, model, source, data, target, reading, idx, batchSize);

    private static double? Agreement(IReadOnlyList<int> before, IReadOnlyList<int> after) =>
        before.Count == 0 || before.Count != after.Count ? null : (double)before.Zip(after).Count(p => p.First == p.Second) / before.Count;

    /// <summary>Inputs of zeros when no data was given (unknown lengths as 16 steps): enough to time the two graphs.</summary>
    private static IReadOnlyList<(string Name, float[] Data, int[] Dims)> Zeros(Model model) =>
        [.. model.InputShapes.Select((shape, i) =>
        {
            int[] dims = [1, .. shape.Dimensions.Select(d => d > 0 ? (int)d : 16)];
            return (model.InputNames[i], new float[dims.Aggregate(1, (a, b) => a * b)], dims);
        })];

    private static string Load()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static void Print(IAnsiConsole console, CompressionReport report, QuantizationResult quantized, bool calibrated)
    {
        var nodes = new Table().Border(TableBorder.Rounded).AddColumns("node", "op", "int8");
        foreach (var node in report.Nodes) nodes.AddRow(Markup.Escape(node.Name), node.Op, Markup.Escape(node.Scheme ?? $"float: {node.Reason}"));
        console.Write(nodes);
        if (!calibrated && quantized.LeftFloat.Any(n => n.OpType == "Conv"))
            console.MarkupLine("Convolutions stay float: give --calibration DATA to quantize them statically (QDQ, run as QLinearConv).");
        if (quantized.UsesOnnxRuntimeOperators)
            console.MarkupLine("The file uses ONNX Runtime's DynamicQuantizeLSTM (com.microsoft): it runs in ONNX Runtime; --no-ort-operators keeps LSTMs float for other ONNX consumers.");

        var table = new Table().Border(TableBorder.Rounded).AddColumns("", "float (ONNX Runtime)", "int8 (ONNX Runtime)", "change");
        table.AddRow("ONNX file size", Bytes(report.FloatBytes), Bytes(report.QuantizedBytes), $"{report.SizeRatio:F2}x smaller");
        if (report.Metric is { } metric)
        {
            table.AddRow($"{metric} on --test", Figure(report.FloatMetric), Figure(report.QuantizedMetric), Delta(metric, report.MetricDelta));
            if (report.Agreement is { } agreement) table.AddRow("same predicted class", "", "", agreement.ToString("P2", CultureInfo.InvariantCulture));
        }
        table.AddRow("latency, 1 example (p50)", Ms(report.FloatTiming.P50Milliseconds), Ms(report.QuantizedTiming.P50Milliseconds), $"{report.LatencySpeedup:F2}x faster");
        table.AddRow($"throughput, batch {SessionTiming.Batch}", PerSecond(report.FloatTiming.SamplesPerSecond), PerSecond(report.QuantizedTiming.SamplesPerSecond), $"{report.ThroughputSpeedup:F2}x");
        console.Write(table);
        console.MarkupLineInterpolated($"Measured in one run with {report.Threads} ONNX Runtime thread(s) per session, load average {report.Load}.");
        console.MarkupLineInterpolated($"wrote [bold]{report.Output}[/] ({report.OutputBytes:N0} bytes, int8)");
    }

    private static string Bytes(long bytes) => $"{bytes:N0} B";

    private static string Figure(double? value) => value is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "—";

    private static string Delta(string metric, double? delta) =>
        delta is not { } d ? "—" : metric == "accuracy" ? $"{d * 100:+0.00;-0.00;0.00} points" : d.ToString("+0.0000;-0.0000;0", CultureInfo.InvariantCulture);

    private static string Ms(double ms) => $"{ms:F3} ms";

    private static string PerSecond(double perSecond) => $"{perSecond:N0} examples/s";
}
