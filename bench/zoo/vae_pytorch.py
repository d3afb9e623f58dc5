"""The `vae` recipe's model and loop written in PyTorch, the peer of `lepton zoo run vae` (issue 15's benchmark).

The same network (Keras's VAE example: two strided convolutions down to 16 features, a 2-D code, two transposed
convolutions up), initialised as Lepton initialises it (Glorot uniform kernels, zero biases), the same loss (Bernoulli
reconstruction summed over pixels plus the KL divergence from N(0, I), nats per image, one code sample), Adam at 1e-3,
batches of 128 reshuffled every epoch, the same split (the first 55,000 training images to train, the last 5,000 to
validate, the 10,000 test images to score). Uses Debian's python3-torch; never a dependency of Lepton.

Usage: vae_pytorch.py [--epochs 20] [--seed 1] [--threads 2] [--limit N]
Prints each epoch and then one JSON line: {"system": "pytorch", "recipe": "vae", "metric": "neg_elbo", ...}."""
import argparse
import json
import time

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from fashion_idx import FASHION, idx


def images(name):
    return torch.from_numpy(idx(f"{FASHION}/{name}-images-idx3-ubyte.gz").astype(np.float32) / 255.0).unsqueeze(1)


class SamePad(nn.Module):
    """Keras's "same" padding for a 3x3 stride-2 convolution on an even size: nothing before, one row and column after."""

    def forward(self, x):
        return F.pad(x, (0, 1, 0, 1))


class TransposedConv(nn.ConvTranspose2d):
    """nn.ConvTranspose2d (same parameters, same initialisation, same arithmetic) computed as a convolution of the
    zero-stuffed input with the flipped kernel: Debian's python3-torch 1.13 has no fast transposed convolution
    (aten::slow_conv_transpose2d, 1.5 s per training step of this model on 2 cores), but its convolution runs on oneDNN.
    With keras_same, Keras's (and Lepton's) "same": of the full (n - 1) * stride + kernel rows, the n * stride ones
    after the smaller half of the rest (for 3 x 3: stride 2 keeps the first 2n, stride 1 drops one row at each end)."""

    def __init__(self, in_channels, out_channels, kernel, stride=1, keras_same=False):
        super().__init__(in_channels, out_channels, kernel, stride=stride)
        self.keras_same = keras_same

    def forward(self, x):
        s, k = self.stride[0], self.kernel_size[0]
        n, c, h, w = x.shape
        if s > 1:
            stuffed = x.new_zeros(n, c, (h - 1) * s + 1, (w - 1) * s + 1)
            stuffed[:, :, ::s, ::s] = x
            x = stuffed
        full = F.conv2d(F.pad(x, (k - 1,) * 4), self.weight.flip(2, 3).transpose(0, 1), self.bias)
        if not self.keras_same:
            return full
        before = (k - s) // 2
        return full[:, :, before:before + h * s, before:before + w * s]


class Vae(nn.Module):
    def __init__(self, latent):
        super().__init__()
        self.encoder = nn.Sequential(
            SamePad(), nn.Conv2d(1, 32, 3, stride=2), nn.ReLU(),
            SamePad(), nn.Conv2d(32, 64, 3, stride=2), nn.ReLU(),
            nn.Flatten(), nn.Linear(64 * 7 * 7, 16), nn.ReLU())
        self.mean = nn.Linear(16, latent)
        self.log_variance = nn.Linear(16, latent)
        self.decoder = nn.Sequential(
            nn.Linear(latent, 64 * 7 * 7), nn.ReLU(), nn.Unflatten(1, (64, 7, 7)),
            TransposedConv(64, 64, 3, stride=2, keras_same=True), nn.ReLU(),
            TransposedConv(64, 32, 3, stride=2, keras_same=True), nn.ReLU(),
            TransposedConv(32, 1, 3, keras_same=True))
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)

    def negative_elbo(self, x):
        features = self.encoder(x)
        mean, log_variance = self.mean(features), self.log_variance(features)
        code = mean + torch.exp(0.5 * log_variance) * torch.randn_like(mean)
        logits = self.decoder(code)
        reconstruction = F.binary_cross_entropy_with_logits(logits, x, reduction="none").flatten(1).sum(1).mean()
        kl = (-0.5 * (1 + log_variance - mean.pow(2) - log_variance.exp()).sum(1)).mean()
        return reconstruction + kl, reconstruction, kl


def evaluate(model, data, batch):
    model.eval()
    totals = np.zeros(3)
    with torch.no_grad():
        for start in range(0, len(data), batch):
            x = data[start:start + batch]
            totals += np.array([t.item() for t in model.negative_elbo(x)]) * len(x)
    model.train()
    return totals / len(data)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--latent", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="train on this many images only (a smoke test)")
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    start = time.time()
    train_all, test = images("train"), images("t10k")
    train, validation = train_all[:55_000], train_all[55_000:]
    if args.limit:
        train, validation, test = train[:args.limit], validation[:args.limit // 10], test[:args.limit // 10]
    model = Vae(args.latent)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    epoch_seconds = []
    for epoch in range(args.epochs):
        began = time.time()
        order = torch.randperm(len(train))
        totals, seen = np.zeros(3), 0
        for start_row in range(0, len(train), 128):
            x = train[order[start_row:start_row + 128]]
            loss, reconstruction, kl = model.negative_elbo(x)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            totals += np.array([loss.item(), reconstruction.item(), kl.item()]) * len(x)
            seen += len(x)
        val = evaluate(model, validation, 500)
        epoch_seconds.append(time.time() - began)
        print(f"epoch {epoch + 1}/{args.epochs} - {epoch_seconds[-1]:.0f}s - loss {totals[0] / seen:.4f}"
              f" - val_loss {val[0]:.4f}", flush=True)
    scores = evaluate(model, test, 500)
    print(json.dumps({"system": "pytorch", "recipe": "vae", "settings": f"torch {torch.__version__}, {args.threads} threads",
                      "metric": "neg_elbo", "value": round(float(scores[0]), 4),
                      "figures": {"reconstruction": round(float(scores[1]), 4), "kl": round(float(scores[2]), 4),
                                  "val_neg_elbo": round(float(val[0]), 4),
                                  "median_epoch_seconds": round(float(np.median(epoch_seconds)), 1)},
                      "seconds": round(time.time() - start, 1)}))


if __name__ == "__main__":
    main()
