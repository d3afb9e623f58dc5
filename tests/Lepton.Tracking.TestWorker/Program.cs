using Lepton;
using Lepton.Data;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using Lepton.Tracking;
using Lepton.Tracking.Artifacts;
using TorchSharp;

// Usage: run FOLDER    — starts a run in FOLDER's store and logs metrics until killed
//        upload FOLDER — uploads an endless artifact to FOLDER/artifacts until killed
//        fit FOLDER    — trains with autolog, the loss improving every epoch, until killed
// Prints one line ("started RUN_ID", "uploading" or "improved RUN_ID") once the interesting state is reached.
if (args.Length != 2) return 2;
var folder = args[1];
switch (args[0])
{
    case "run":
        var client = await TrackingClient.OpenAsync(TrackingSettings.InFolder(folder));
        var run = await client.StartRunAsync("crash", "killed-run");
        run.LogParam("purpose", "killed by a test");
        for (long step = 0; ; step++)
        {
            run.LogMetric("loss", 1.0 / (step + 1), step);
            if (step == 100)
            {
                await run.FlushAsync();
                Console.WriteLine($"started {run.RunId}");
            }

            if (step % 100 == 0) await Task.Delay(1);
        }

    case "fit":
        var tracking = await TrackingClient.OpenAsync(TrackingSettings.InFolder(folder));
        var fitRun = await tracking.StartRunAsync("crash", "killed-fit");
        LeptonRuntime.Initialize(new RuntimeOptions { Seed = 1 });
        using (var x = torch.randn(256, 4))
        using (var y = x.sum(1, keepdim: true))
        using (var data = new TensorDataset(x, y))
        {
            var model = new Sequential(new Dense(1));
            model.Compile(new Sgd(0.01), new MeanSquaredError());
            // Says so once the first improving epoch's work has been handed to the run and stored, then trains on.
            var announce = new AfterSecondEpoch(() =>
            {
                fitRun.FlushAsync().GetAwaiter().GetResult();
                Console.WriteLine($"improved {fitRun.RunId}");
            });
            model.Fit(data, epochs: 100_000, batchSize: 64, callbacks: [fitRun.Autolog(monitor: "loss"), announce], verbose: Verbosity.Silent);
        }

        return 1;
    case "upload":
        var store = new LocalArtifactStore(Path.Combine(folder, "artifacts"));
        await store.PutAsync(new EndlessStream());
        return 1;
    default:
        return 2;
}

/// <summary>Runs an action once, at the end of the second epoch (after the callbacks before it in the list).</summary>
internal sealed class AfterSecondEpoch(Action action) : Callback
{
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (epoch == 1) action();
    }
}

/// <summary>Bytes forever; says so on standard output once the first megabyte has been read.</summary>
internal sealed class EndlessStream : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        buffer.AsSpan(offset, count).Fill((byte)(_read % 251));
        var before = _read;
        _read += count;
        if (before < 1 << 20 && _read >= 1 << 20) Console.WriteLine("uploading");
        Thread.Sleep(1);
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
