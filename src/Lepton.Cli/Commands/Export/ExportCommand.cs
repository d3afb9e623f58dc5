using System.CommandLine;
using Lepton.Export.Onnx;
using Spectre.Console;

namespace Lepton.Cli.Commands.Export;

/// <summary>
/// <c>lepton export MODEL --format onnx [--output m.onnx] [--opset 17]</c>: a model file or a registered model written
/// as ONNX, for ONNX Runtime and every other ONNX consumer.
/// </summary>
internal static class ExportCommand
{
    private const string Onnx = "onnx";

    public static Command Create(IAnsiConsole console)
    {
        var store = new TrackingStoreOption();
        var model = new Argument<string>("model") { Description = "A .lepton model file, or a registered model: name@alias, name/version." };
        var format = new Option<string>("--format", "-f") { Description = "The file format to write: onnx.", DefaultValueFactory = _ => Onnx };
        format.AcceptOnlyFromAmong(Onnx);
        var output = new Option<string?>("--output", "-o") { Description = "The file to write (default: the model file's name with .onnx, or NAME-ALIAS.onnx / NAME-VERSION.onnx in this folder for a registered model). Written beside, then renamed: no file on error." };
        var opset = new Option<int>("--opset")
        {
            Description = $"The ONNX opset, {OnnxExportOptions.MinOpset} to {OnnxExportOptions.MaxOpset}; below 17 LayerNorm is written as the operators it stands for.",
            DefaultValueFactory = _ => OnnxExportOptions.MaxOpset,
        };
        var networkOnly = new Option<bool>("--network-only")
        {
            Description = "For a model trained on a table: write only the network, which reads the pipeline's feature columns, instead of the whole model from raw columns to probabilities and class.",
        };
        var command = new Command("export", "Write a model as ONNX (a model file or a registered model), with a dynamic batch dimension and its class names and preprocessing as metadata; a table model whole, from raw columns to probabilities and class.")
        {
            model, format, output, opset, networkOnly,
        };
        store.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var version = result.GetValue(opset);
            if (version is < OnnxExportOptions.MinOpset or > OnnxExportOptions.MaxOpset)
                throw new CliException($"--opset must be from {OnnxExportOptions.MinOpset} to {OnnxExportOptions.MaxOpset}, not {version}.");
            var source = result.GetValue(model)!;
            var target = result.GetValue(output) ?? DefaultOutput(source);
            using var loaded = await ModelLoader.LoadAsync(source, store, result, cancellationToken).ConfigureAwait(false);
            try
            {
                loaded.ExportOnnx(target, new OnnxExportOptions { Opset = version, NetworkOnly = result.GetValue(networkOnly) });
            }
            catch (OnnxExportException e)
            {
                throw new CliException($"{e.Message} See docs/export.md for the layers ONNX export covers.");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"Cannot write '{target}': {e.Message}");
            }
            console.MarkupLineInterpolated($"wrote [bold]{Path.GetFullPath(target)}[/] (ONNX opset {version}, {new FileInfo(target).Length:N0} bytes): {Describe(target)}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>m.lepton → m.onnx beside it; a registered model name@alias or name/3 → name-alias.onnx, name-3.onnx here.</summary>
    private static string DefaultOutput(string source) =>
        source.EndsWith(".lepton", StringComparison.OrdinalIgnoreCase) || File.Exists(source)
            ? Path.ChangeExtension(source, ".onnx")
            : string.Join("-", source.Split(['@', '/', '\\', ':'], StringSplitOptions.RemoveEmptyEntries)) + ".onnx";

    /// <summary>The written file's inputs and outputs: "inputs input (None, 4), output output (None, 3)"; text ones say so.</summary>
    private static string Describe(string path)
    {
        var graph = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph;
        static string Value(global::Onnx.ValueInfoProto v)
        {
            var dims = v.Type.TensorType.Shape.Dim.Select((d, i) => i == 0 ? "None" : d.DimValue > 0 ? d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?");
            var text = v.Type.TensorType.ElemType == (int)global::Onnx.TensorProto.Types.DataType.String ? " text" : "";
            return $"{v.Name} ({string.Join(", ", dims)}){text}";
        }
        var outputs = graph.Output.Count == 1 ? "output" : "outputs";
        return $"inputs {string.Join(", ", graph.Input.Select(Value))}, {outputs} {string.Join(", ", graph.Output.Select(Value))}";
    }
}
