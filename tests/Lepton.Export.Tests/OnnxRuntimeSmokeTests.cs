using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace Lepton.Export.Tests;

/// <summary>The two packages export stands on work together here: a graph built with OnnxSharp's protobuf classes runs in ONNX Runtime.</summary>
public sealed class OnnxRuntimeSmokeTests
{
    [Fact]
    public void A_graph_built_with_OnnxSharp_runs_in_OnnxRuntime()
    {
        var graph = new GraphProto { Name = "relu" };
        graph.Input.Add(Value("x"));
        graph.Output.Add(Value("y"));
        graph.Node.Add(new NodeProto { OpType = "Relu", Input = { "x" }, Output = { "y" } });
        var model = new ModelProto { IrVersion = 8, Graph = graph, ProducerName = "lepton-test" };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });

        using var session = new InferenceSession(model.ToByteArray());
        var input = new DenseTensor<float>(new[] { -1f, 2f, -3f }, [1, 3]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("x", input)]);
        Assert.Equal([0f, 2f, 0f], results.Single().AsEnumerable<float>().ToArray());
    }

    private static ValueInfoProto Value(string name) => new()
    {
        Name = name,
        Type = new TypeProto
        {
            TensorType = new TypeProto.Types.Tensor
            {
                ElemType = (int)TensorProto.Types.DataType.Float,
                Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimParam = "N" }, new TensorShapeProto.Types.Dimension { DimValue = 3 } } },
            },
        },
    };
}
