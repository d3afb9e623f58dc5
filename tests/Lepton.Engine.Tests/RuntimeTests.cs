using static TorchSharp.torch;

namespace Lepton.Engine.Tests;

public sealed class RuntimeTests
{
    [Fact]
    public void Initialize_sets_the_thread_count()
    {
        var before = LeptonRuntime.Threads;
        try
        {
            LeptonRuntime.Initialize(new RuntimeOptions { Threads = 1 });
            Assert.Equal(1, LeptonRuntime.Threads);
        }
        finally
        {
            LeptonRuntime.Initialize(new RuntimeOptions { Threads = before });
        }
    }

    [Fact]
    public void The_engine_describes_itself_to_what_records_runs()
    {
        LeptonRuntime.EnsureNative();
        var engine = Assert.IsType<EngineDescription>(EngineDescription.Current);
        Assert.Equal("TorchSharp", engine.Name);
        Assert.StartsWith("0.107", engine.Version, StringComparison.Ordinal);
        Assert.Equal(LeptonRuntime.Threads, engine.Threads);
        Assert.Equal(LeptonRuntime.Device.ToString(), engine.Device);
    }

    [Fact]
    public void A_thread_count_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LeptonRuntime.Initialize(new RuntimeOptions { Threads = 0 }));
    }

    [Fact]
    public void The_same_seed_gives_the_same_tensors_and_generators()
    {
        (float[] Tensor, int[] Random) Draw()
        {
            LeptonRuntime.Seed(1234);
            using var t = randn(8);
            var first = LeptonRuntime.CreateRandom();
            var second = LeptonRuntime.CreateRandom();
            return (t.data<float>().ToArray(), [first.Next(), first.Next(), second.Next()]);
        }

        var a = Draw();
        var b = Draw();
        Assert.Equal(a.Tensor, b.Tensor);
        Assert.Equal(a.Random, b.Random);
        Assert.NotEqual(a.Random[0], a.Random[2]);
        Assert.Equal(1234, LeptonRuntime.CurrentSeed);
    }

    [FactIfNoCuda]
    public void The_cpu_is_used_when_no_gpu_is_present()
    {
        LeptonRuntime.Initialize(new RuntimeOptions { Device = ComputeDevice.Auto });
        Assert.Equal(TorchSharp.DeviceType.CPU, LeptonRuntime.Device.type);
    }

    [FactIfNoCuda]
    public void Asking_for_cuda_without_a_gpu_says_what_is_missing()
    {
        var error = Assert.Throws<InvalidOperationException>(() => LeptonRuntime.Initialize(new RuntimeOptions { Device = ComputeDevice.Cuda }));
        Assert.Contains("CUDA", error.Message);
        Assert.Contains("ComputeDevice.Cpu", error.Message);
    }

    [Fact]
    public void Describe_reports_versions_device_and_the_native_fix()
    {
        var facts = LeptonRuntime.Describe();
        Assert.StartsWith("2.10.0", facts["libtorch"], StringComparison.Ordinal);
        Assert.Contains("native fix", facts.Keys);
        Assert.Equal("0.107.0", facts["torchsharp"]);
    }
}
