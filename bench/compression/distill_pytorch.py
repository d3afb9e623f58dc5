#!/usr/bin/python3
"""The PyTorch peer of the distill benchmark (issue 16): the same teacher, student, data and training loop as
bench/compression/compression.cs's `distill`, so a result there can be told apart as "Lepton's bug" or "this setup's
property".

    dotnet run -c Release bench/compression/export_teacher.cs -- TEACHER.lepton DIR   # DIR/teacher.onnx + Lepton's test logits
    /usr/bin/python3 bench/compression/distill_pytorch.py --teacher-dir DIR --epochs 3 --out result.json
    /usr/bin/python3 bench/compression/distill_pytorch.py --teacher-dir DIR --epochs 3 --validation 10000 \
        --runs alone,distill:4:0.1,distill:2:0.5 --out search.json               # choose T and alpha on validation

Debian's torch (python3-torch 1.13) and onnx (python3-onnx): run it with /usr/bin/python3, not the pyenv python3.

What is the same as Lepton's benchmark:
- teacher: the trained `batchnorm` model itself, rebuilt from Lepton's ONNX export (its BatchNormalization, Conv,
  Gemm, MaxPool... run with torch.nn.functional); checked against Lepton's own test-set logits before use;
- student: the `batchnorm` network with every width halved (conv 16-16-32-64, dense 128, dropout 0.3; BatchNorm with
  Lepton's defaults momentum 0.99 ~ PyTorch momentum 0.01, epsilon 1e-3), Glorot-uniform kernels, zero biases;
- data: Fashion-MNIST scaled to [0, 1]; the recipe's augmentation (horizontal flip p=0.5, then pad 2 with zeros and crop
  28x28 at a random offset), fresh each epoch; batch 64, shuffled;
- optimizer: AdamW(3e-3, weight decay 5e-4) under a one-cycle schedule (peak 3e-3, 30% warm-up, cosine, div 25, final
  div 1e4, no momentum cycling), one step per batch;
- loss: hard = cross-entropy on labels; soft = T^2 * KL(softmax(teacher/T) || softmax(student/T)), summed over classes,
  averaged over the batch; distilled loss = alpha * hard + (1 - alpha) * soft. The teacher runs in eval mode under
  no_grad on the same augmented batch as the student.
What differs: the initial weights and the order of the data (other random generators).

--validation N holds out N training images (a fixed permutation from --split-seed) and trains on the rest; then the
runs report validation accuracy, and test accuracy only with --report-test (choose on validation, report test once).
"""
import argparse
import gzip
import json
import math
import os
import subprocess
import sys
import time

import numpy as np
import onnx
from onnx import numpy_helper
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA = "/usr/share/datasets/fashion-mnist"


def load_idx(name):
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_fashion_mnist():
    def images(n):
        return torch.from_numpy(load_idx(n).astype(np.float32) / 255.0).unsqueeze(1)

    def labels(n):
        return torch.from_numpy(load_idx(n).astype(np.int64))

    return (images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz"),
            images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz"))


class OnnxTeacher(nn.Module):
    """The few ONNX operators Lepton's export of the `batchnorm` network uses, run in eval mode."""

    def __init__(self, path):
        super().__init__()
        model = onnx.load(path)
        self.weights = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in model.graph.initializer}
        self.nodes = list(model.graph.node)
        self.input = model.graph.input[0].name
        self.output = model.graph.output[0].name

    def forward(self, x):
        values = {self.input: x, **self.weights}
        for node in self.nodes:
            a = {attr.name: onnx.helper.get_attribute_value(attr) for attr in node.attribute}
            ins = [values[i] for i in node.input]
            op = node.op_type
            if op == "Conv":
                pads = a.get("pads", [0, 0, 0, 0])
                assert pads[0] == pads[2] and pads[1] == pads[3]
                y = F.conv2d(ins[0], ins[1], ins[2] if len(ins) > 2 else None, stride=a.get("strides", 1),
                             padding=(pads[0], pads[1]), dilation=a.get("dilations", 1), groups=a.get("group", 1))
            elif op == "BatchNormalization":
                y = F.batch_norm(ins[0], ins[3], ins[4], ins[1], ins[2], training=False, eps=a.get("epsilon", 1e-5))
            elif op == "Relu":
                y = F.relu(ins[0])
            elif op == "MaxPool":
                assert not any(a.get("pads", [0]))
                y = F.max_pool2d(ins[0], a["kernel_shape"], a.get("strides", a["kernel_shape"]))
            elif op == "Flatten":
                y = torch.flatten(ins[0], a.get("axis", 1))
            elif op == "Identity":
                y = ins[0]
            elif op == "Gemm":
                w = ins[1].t() if a.get("transB", 0) else ins[1]
                assert not a.get("transA", 0)
                y = ins[0] @ w * a.get("alpha", 1.0)
                if len(ins) > 2:
                    y = y + ins[2] * a.get("beta", 1.0)
            else:
                raise NotImplementedError(f"ONNX operator {op} (node {node.name}) is not in this peer's small interpreter")
            values[node.output[0]] = y
        return values[self.output]


def student(classes=10):
    """compression.cs's QuarterCnn: the `batchnorm` network with every width halved."""
    def bn2(c):
        return nn.BatchNorm2d(c, eps=1e-3, momentum=0.01)

    layers = [
        nn.Conv2d(1, 16, 3, padding=1, bias=False), bn2(16), nn.ReLU(),
        nn.Conv2d(16, 16, 3, padding=1, bias=False), bn2(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1, bias=False), bn2(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1, bias=False), bn2(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.3),
        nn.Linear(64 * 3 * 3, 128, bias=False), nn.BatchNorm1d(128, eps=1e-3, momentum=0.01), nn.ReLU(), nn.Dropout(0.3),
        nn.Linear(128, classes),
    ]
    model = nn.Sequential(*layers)
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)  # Keras's and Lepton's glorot_uniform
            if m.bias is not None:
                nn.init.zeros_(m.bias)
    return model


def augment(x, generator):
    """The `batchnorm` recipe's augmentation: RandomFlip() (horizontal, p=0.5) then RandomCrop(2) (zero padding)."""
    n = x.shape[0]
    flip = torch.rand(n, generator=generator) < 0.5
    x = torch.where(flip.view(n, 1, 1, 1), x.flip(3), x)
    padded = F.pad(x, (2, 2, 2, 2))
    left = torch.randint(0, 5, (n,), generator=generator)
    top = torch.randint(0, 5, (n,), generator=generator)
    rows = (top.view(n, 1) + torch.arange(28).view(1, 28))
    cols = (left.view(n, 1) + torch.arange(28).view(1, 28))
    kept = padded.gather(2, rows.view(n, 1, 28, 1).expand(n, 1, 28, 32))
    return kept.gather(3, cols.view(n, 1, 1, 28).expand(n, 1, 28, 28))


def distillation_loss(student_logits, teacher_logits, target, temperature, alpha):
    hard = F.cross_entropy(student_logits, target)
    soft = F.kl_div(F.log_softmax(student_logits / temperature, -1), F.log_softmax(teacher_logits / temperature, -1),
                    reduction="batchmean", log_target=True) * temperature ** 2
    return alpha * hard + (1 - alpha) * soft, hard, soft


@torch.no_grad()
def accuracy(model, x, y, batch=500):
    model.eval()
    correct = 0
    for i in range(0, len(x), batch):
        correct += (model(x[i:i + batch]).argmax(-1) == y[i:i + batch]).sum().item()
    return correct / len(x)


def train(run, teacher, x, y, epochs, batch, seed, log):
    torch.manual_seed(seed)
    model = student()
    steps = math.ceil(len(x) / batch) * epochs
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=5e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=3e-3, total_steps=steps, pct_start=0.3,
                                                   anneal_strategy="cos", cycle_momentum=False, div_factor=25,
                                                   final_div_factor=1e4)
    generator = torch.Generator().manual_seed(seed)
    curve = []
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(x), generator=generator)
        totals = {"loss": 0.0, "student_loss": 0.0, "distillation_loss": 0.0, "correct": 0}
        clock = time.time()
        for i in range(0, len(x), batch):
            index = order[i:i + batch]
            inputs, target = augment(x[index], generator), y[index]
            logits = model(inputs)
            if run["kind"] == "alone":
                loss = hard = F.cross_entropy(logits, target)
                soft = torch.zeros(())
            else:
                with torch.no_grad():
                    teacher_logits = teacher(inputs)
                loss, hard, soft = distillation_loss(logits, teacher_logits, target, run["temperature"], run["alpha"])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            n = len(index)
            totals["loss"] += loss.item() * n
            totals["student_loss"] += hard.item() * n
            totals["distillation_loss"] += soft.item() * n
            totals["correct"] += (logits.argmax(-1) == target).sum().item()
        point = {"epoch": epoch + 1, "loss": totals["loss"] / len(x), "student_loss": totals["student_loss"] / len(x),
                 "distillation_loss": totals["distillation_loss"] / len(x), "accuracy": totals["correct"] / len(x),
                 "seconds": round(time.time() - clock, 1)}
        curve.append(point)
        log(f"    {run['name']} epoch {epoch + 1}/{epochs}: " + " - ".join(
            f"{k}: {v:.4f}" for k, v in point.items() if k not in ("epoch", "seconds")) + f" ({point['seconds']}s)")
    return model, curve


def parse_run(text):
    if text == "alone":
        return {"name": "alone", "kind": "alone"}
    kind, t, a = text.split(":")
    assert kind == "distill", text
    return {"name": f"distilled T={float(t):g} alpha={float(a):g}", "kind": "distill", "temperature": float(t), "alpha": float(a)}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--teacher-dir", required=True, help="folder with teacher.onnx and teacher-test-logits.f32 (export_teacher.cs)")
    p.add_argument("--epochs", type=int, default=15)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--runs", default="alone,distill:4:0.1", help="comma-separated: alone | distill:T:ALPHA")
    p.add_argument("--validation", type=int, default=0, help="hold out this many training images and report accuracy on them")
    p.add_argument("--split-seed", type=int, default=1)
    p.add_argument("--report-test", action="store_true", help="with --validation, also report test accuracy")
    p.add_argument("--out", required=True)
    args = p.parse_args()
    torch.set_num_threads(args.threads)

    def log(message):
        print(message, flush=True)

    x_train, y_train, x_test, y_test = load_fashion_mnist()
    teacher = OnnxTeacher(os.path.join(args.teacher_dir, "teacher.onnx")).eval()
    with torch.no_grad():
        mine = torch.cat([teacher(x_test[i:i + 500]) for i in range(0, len(x_test), 500)])
    lepton = torch.from_numpy(np.fromfile(os.path.join(args.teacher_dir, "teacher-test-logits.f32"), dtype=np.float32)).view_as(mine)
    teacher_diff = (mine - lepton).abs().max().item()
    teacher_accuracy = (mine.argmax(-1) == y_test).float().mean().item()
    log(f"teacher rebuilt from ONNX: test accuracy {teacher_accuracy:.4f}, max |logit - Lepton's logit| {teacher_diff:.2e}")
    if teacher_diff > 1e-3:
        sys.exit("the rebuilt teacher does not match Lepton's: stop")

    x_fit, y_fit, x_held, y_held = x_train, y_train, None, None
    if args.validation:
        permutation = torch.randperm(len(x_train), generator=torch.Generator().manual_seed(args.split_seed))
        held, fit = permutation[:args.validation], permutation[args.validation:]
        x_fit, y_fit, x_held, y_held = x_train[fit], y_train[fit], x_train[held], y_train[held]
        log(f"validation split: {len(fit)} training images, {len(held)} held out (split seed {args.split_seed})")
    if x_held is not None:
        with torch.no_grad():
            teacher_val = (torch.cat([teacher(x_held[i:i + 500]) for i in range(0, len(x_held), 500)]).argmax(-1) == y_held).float().mean().item()
        log(f"teacher validation accuracy {teacher_val:.4f} (it was trained on these images)")

    load_before = open("/proc/loadavg").read().split()[:3]
    results = []
    for text in args.runs.split(","):
        run = parse_run(text)
        clock = time.time()
        model, curve = train(run, teacher, x_fit, y_fit, args.epochs, args.batch, args.seed, log)
        row = {**run, "epochs": args.epochs, "seconds": round(time.time() - clock, 1), "curve": curve}
        if x_held is not None:
            row["validation_accuracy"] = accuracy(model, x_held, y_held)
        if x_held is None or args.report_test:
            row["test_accuracy"] = accuracy(model, x_test, y_test)
        log(f"  {run['name']}: " + ", ".join(f"{k} {row[k]:.4f}" for k in ("validation_accuracy", "test_accuracy") if k in row) + f" ({row['seconds']}s)")
        results.append(row)

    out = {
        "benchmark": "compression-distill-pytorch",
        "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": "/usr/bin/python3 " + " ".join(sys.argv),
        "torch": torch.__version__, "threads": args.threads, "seed": args.seed, "batch": args.batch, "epochs": args.epochs,
        "train_images": len(x_fit), "validation_images": 0 if x_held is None else len(x_held),
        "teacher_test_accuracy": teacher_accuracy, "teacher_max_logit_difference": teacher_diff,
        "runs": results,
        "load_average": {"before": " ".join(load_before), "after": " ".join(open("/proc/loadavg").read().split()[:3])},
    }
    with open(args.out, "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
