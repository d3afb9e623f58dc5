#:project ../../src/Lepton.Export/Lepton.Export.csproj
#:property PublishAot=false
// The teacher of the distill benchmark, handed to the PyTorch peer (bench/compression/distill_pytorch.py):
//   dotnet run -c Release bench/compression/export_teacher.cs -- TEACHER.lepton OUT_DIR
// writes OUT_DIR/teacher.onnx (the model as `lepton export` writes it) and OUT_DIR/teacher-test-logits.f32 (Lepton's
// logits on Fashion-MNIST's 10,000 test images, float32 row-major [10000, 10]), so the peer checks that the teacher it
// rebuilds from the ONNX file gives the same logits before it distils from it.
using Lepton;
using Lepton.Data.Datasets;
using Lepton.Export.Onnx;
using Lepton.Nn.Models;
using TorchSharp;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: dotnet run -c Release bench/compression/export_teacher.cs -- TEACHER.lepton OUT_DIR");
    return 2;
}
LeptonRuntime.Initialize(new RuntimeOptions { Device = ComputeDevice.Cpu, Threads = 2, Seed = 1 });
Directory.CreateDirectory(args[1]);
using var teacher = Model.Load(args[0]);
teacher.ExportOnnx(Path.Combine(args[1], "teacher.onnx"));
var (_, test) = FashionMnist.Load();
teacher.eval();
using var output = File.Create(Path.Combine(args[1], "teacher-test-logits.f32"));
using (torch.no_grad())
{
    foreach (var batch in new Lepton.Data.DataLoader(test, 500))
    {
        using var scope = torch.NewDisposeScope();
        var logits = teacher.Forward([.. batch.Inputs]).contiguous().data<float>().ToArray();
        output.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(logits.AsSpan()));
    }
}
Console.WriteLine($"wrote {args[1]}/teacher.onnx and teacher-test-logits.f32 ({test.Count} x {teacher.OutputShape[-1]})");
return 0;
