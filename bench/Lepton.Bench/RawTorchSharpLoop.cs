using TorchSharp;
using static TorchSharp.torch;

namespace Lepton.Bench;

/// <summary>
/// The baseline: the benchmark CNN and training step written directly against TorchSharp, as a careful user
/// would without Lepton. Each step gathers a shuffled batch from the in-memory tensors, trains, and reads back
/// the loss and the number of correct predictions — the same figures Fit reports.
/// </summary>
internal sealed class RawTorchSharpLoop : ITrainingLoop
{
    private readonly Tensor _images;
    private readonly Tensor _labels;
    private readonly int _steps;
    private readonly int _batchSize;
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly optim.Optimizer _optimizer;
    private readonly nn.Module<Tensor, Tensor, Tensor> _loss;

    /// <summary>Trains on <paramref name="images"/> (N, 1, 28, 28) and <paramref name="labels"/> (N), which stay the caller's.</summary>
    public RawTorchSharpLoop(Tensor images, Tensor labels, int steps, int batchSize)
    {
        _images = images;
        _labels = labels;
        _steps = steps;
        _batchSize = batchSize;
        _model = nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(64 * 5 * 5, 128), nn.ReLU(),
            nn.Linear(128, 10));
        _model.train();
        _optimizer = optim.Adam(_model.parameters(), 1e-3);
        _loss = nn.CrossEntropyLoss();
    }

    public string Key => "torchsharp";

    public string Description => "hand-written TorchSharp loop: nn.Sequential, optim.Adam(1e-3), CrossEntropyLoss, index_select batches";

    public RoundOutcome Run()
    {
        var count = _images.shape[0];
        Tensor? order = null;
        long position = 0;
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        try
        {
            for (var step = 0; step < _steps; step++)
            {
                if (order is null || position + _batchSize > count)
                {
                    // A new pass over the data: a fresh permutation, as a shuffling loader would make.
                    order?.Dispose();
                    order = randperm(count);
                    position = 0;
                }
                using var scope = NewDisposeScope();
                var index = order.narrow(0, position, _batchSize);
                position += _batchSize;
                var x = _images.index_select(0, index);
                var y = _labels.index_select(0, index);

                _optimizer.zero_grad();
                var logits = _model.call(x);
                var loss = _loss.call(logits, y);
                loss.backward();
                _optimizer.step();

                lossSum += loss.item<float>() * _batchSize;
                correct += logits.argmax(1).eq(y).sum().item<long>();
                seen += _batchSize;
            }
        }
        finally
        {
            order?.Dispose();
        }
        return new RoundOutcome(seen, lossSum / seen, (double)correct / seen);
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _model.Dispose();
        _loss.Dispose();
    }
}
