using System.CommandLine;
using Lepton.Serving;

namespace Lepton.Cli.Commands;

/// <summary><c>--runtime torch|onnx</c>, shared by <c>lepton serve</c> and <c>lepton predict</c>.</summary>
internal static class RuntimeOption
{
    public const string Torch = "torch";
    public const string Onnx = "onnx";

    public static Option<string> Create(string description)
    {
        var option = new Option<string>("--runtime") { Description = description, DefaultValueFactory = _ => Torch };
        option.AcceptOnlyFromAmong(Torch, Onnx);
        return option;
    }

    public static InferenceRuntime Parse(string? value) => value == Onnx ? InferenceRuntime.Onnx : InferenceRuntime.Torch;

    public static string Name(InferenceRuntime runtime) => runtime == InferenceRuntime.Onnx ? "onnx (ONNX Runtime)" : "torch (TorchSharp)";
}
