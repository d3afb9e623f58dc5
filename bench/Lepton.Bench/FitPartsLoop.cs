using Lepton.Data;
using Lepton.Data.Datasets;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Zoo;
using TorchSharp;
using static TorchSharp.torch;

namespace Lepton.Bench;

/// <summary>
/// The hand-written loop with parts of Fit swapped in, to show what each part costs: batches from Lepton's
/// <see cref="DataLoader"/> (with or without its background prefetch thread), and optionally Lepton's layers,
/// loss and accuracy metric. The optimizer is TorchSharp's Adam in every case, as inside Lepton's.
/// </summary>
internal sealed class FitPartsLoop : ITrainingLoop
{
    private readonly Dataset _examples;
    private readonly int _batchSize;
    private readonly int _prefetch;
    private readonly nn.Module<Tensor, Tensor>? _torchModel;
    private readonly Model? _leptonModel;
    private readonly optim.Optimizer _optimizer;
    private readonly nn.Module<Tensor, Tensor, Tensor> _torchLoss = nn.CrossEntropyLoss();
    private readonly SparseCategoricalCrossentropy _leptonLoss = new(fromLogits: true);

    public FitPartsLoop(TensorDataset train, int steps, int batchSize, int prefetch, bool leptonParts)
    {
        _examples = train.Take(checked(steps * batchSize));
        _batchSize = batchSize;
        _prefetch = prefetch;
        if (leptonParts)
        {
            _leptonModel = ImageClassifiers.SmallCnn(FashionMnist.ImageFormat.Shape, FashionMnist.ClassNames.Count);
            _leptonModel.train();
            _optimizer = optim.Adam(_leptonModel.parameters(), 1e-3);
        }
        else
        {
            _torchModel = nn.Sequential(
                nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                nn.Flatten(),
                nn.Linear(64 * 5 * 5, 128), nn.ReLU(),
                nn.Linear(128, 10));
            _torchModel.train();
            _optimizer = optim.Adam(_torchModel.parameters(), 1e-3);
        }
        Key = $"{(leptonParts ? "lepton-parts" : "torchsharp")}+loader{prefetch}";
        Description = (leptonParts
            ? "Lepton's layers (model.Forward), SparseCategoricalCrossentropy and Accuracy metric in the hand-written loop"
            : "the hand-written TorchSharp loop") +
            $", batches from Lepton's DataLoader with prefetch {prefetch}" + (prefetch == 0 ? " (built on the training thread)" : " (a background thread, as in Fit)");
    }

    public string Key { get; }

    public string Description { get; }

    public RoundOutcome Run()
    {
        var accuracy = new Accuracy();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        foreach (var raw in new DataLoader(_examples, _batchSize, shuffle: true, prefetch: _prefetch))
        {
            using var batch = raw;
            using var scope = NewDisposeScope();
            var x = batch.Inputs[0];
            var y = batch.Target!;
            _optimizer.zero_grad();
            var logits = _leptonModel is not null ? _leptonModel.Forward(x) : _torchModel!.call(x);
            var loss = _leptonModel is not null ? _leptonLoss.Compute(logits, y).mean() : _torchLoss.call(logits, y);
            loss.backward();
            _optimizer.step();
            lossSum += loss.item<float>() * batch.Count;
            seen += batch.Count;
            if (_leptonModel is not null)
            {
                using var noGrad = no_grad();
                accuracy.Update(_leptonLoss.ToProbabilities(logits.detach()), y);
            }
            else
            {
                correct += logits.argmax(1).eq(y).sum().item<long>();
            }
        }
        return new RoundOutcome(seen, lossSum / seen, _leptonModel is not null ? accuracy.Result() : (double)correct / seen);
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _torchModel?.Dispose();
        _leptonModel?.Dispose();
        _torchLoss.Dispose();
    }
}
