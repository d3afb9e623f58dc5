using Lepton.Nn.Layers;
using Lepton.Nn.Models;

namespace Lepton.Nn.Zoo;

/// <summary>Ready-made convolutional classifiers for small images (channels-first), such as Fashion-MNIST.</summary>
public static class ImageClassifiers
{
    /// <summary>
    /// The classic two-convolution network: conv32 3×3, max-pool, conv64 3×3, max-pool, dense 128, dense
    /// <paramref name="classes"/> (logits). About 0.91 test accuracy on Fashion-MNIST in a few epochs.
    /// </summary>
    public static Sequential SmallCnn(Shape inputShape, int classes) => new(
        inputShape,
        [
            new Conv2D(32, 3, activation: "relu"),
            new MaxPool2D(2),
            new Conv2D(64, 3, activation: "relu"),
            new MaxPool2D(2),
            new Flatten(),
            new Dense(128, "relu"),
            new Dense(classes),
        ],
        "small_cnn");

    /// <summary>
    /// A stronger network with batch normalization and dropout: three conv-BN-ReLU-pool blocks (32, 64, 128
    /// filters), dropout, dense 256, dense <paramref name="classes"/> (logits). Train it with augmentation.
    /// </summary>
    public static Sequential BatchNormCnn(Shape inputShape, int classes) => new(
        inputShape,
        [
            new Conv2D(32, 3, padding: "same", useBias: false),
            new BatchNorm(),
            new Activation("relu"),
            new Conv2D(32, 3, padding: "same", useBias: false),
            new BatchNorm(),
            new Activation("relu"),
            new MaxPool2D(2),
            new Conv2D(64, 3, padding: "same", useBias: false),
            new BatchNorm(),
            new Activation("relu"),
            new MaxPool2D(2),
            new Conv2D(128, 3, padding: "same", useBias: false),
            new BatchNorm(),
            new Activation("relu"),
            new MaxPool2D(2),
            new Flatten(),
            new Dropout(0.3),
            new Dense(256, useBias: false),
            new BatchNorm(),
            new Activation("relu"),
            new Dropout(0.3),
            new Dense(classes),
        ],
        "batchnorm_cnn");
}
