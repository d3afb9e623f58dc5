#!/usr/bin/python3
"""The throughput benchmark's CNN and training loop in PyTorch (the peer Lepton is compared with).

Same model (conv32 3x3 ReLU, max-pool 2, conv64 3x3 ReLU, max-pool 2, dense 128 ReLU, dense 10), Adam(1e-3),
cross-entropy, batch size and loop as bench/Lepton.Bench's hand-written TorchSharp loop: each step gathers a
shuffled batch with index_select from the in-memory training set (a new randperm per pass), then zero_grad,
forward, loss, backward, step, loss.item() and the number of correct predictions. One discarded warm-up round,
then the median of the measured rounds. Writes the same JSON shape as `lepton-bench throughput --json`.

Run with Debian's python (python3-torch): /usr/bin/python3 bench/pytorch_cnn.py --threads 2 --json out.json
"""
import argparse
import datetime
import gzip
import json
import os
import platform
import re
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

DEFAULT_FOLDER = os.environ.get("LEPTON_FASHION_MNIST") or "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    """An IDX array (the MNIST file format), gzip-compressed or plain, as a numpy array."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ValueError(f"{path} is not an IDX file of unsigned bytes")
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def locate(folder, name):
    for candidate in (os.path.join(folder, name + ".gz"), os.path.join(folder, name)):
        if os.path.exists(candidate):
            return candidate
    sys.exit(f"error: {os.path.join(folder, name)}.gz not found; install it with: apt-get install dataset-fashion-mnist")


def load_train(folder):
    """The 60,000 training images as float32 NCHW in [0, 1] and their int64 labels."""
    images = read_idx(locate(folder, "train-images-idx3-ubyte"))
    labels = read_idx(locate(folder, "train-labels-idx1-ubyte"))
    x = torch.from_numpy(images.astype(np.float32) / 255.0).reshape(-1, 1, 28, 28).contiguous()
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


def small_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(64 * 5 * 5, 128), nn.ReLU(),
        nn.Linear(128, 10))


def peak_rss_mib():
    try:
        with open("/proc/self/status") as f:
            match = re.search(r"VmHWM:\s+(\d+)", f.read())
        return round(int(match.group(1)) / 1024, 1) if match else None
    except OSError:
        return None


def reset_peak_rss():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def machine():
    def first(path, prefix):
        try:
            with open(path) as f:
                return next((line for line in f if line.startswith(prefix)), None)
        except OSError:
            return None
    cpu = first("/proc/cpuinfo", "model name")
    os_name = first("/etc/os-release", "PRETTY_NAME=")
    return {
        "cpu": cpu.split(":", 1)[1].strip() if cpu else platform.processor(),
        "cores_available": len(os.sched_getaffinity(0)),
        "os": os_name.split("=", 1)[1].strip().strip('"') if os_name else platform.platform(),
        "kernel": platform.release(),
    }


def blas():
    """Which BLAS libtorch's dense layers use: Debian's python3-torch calls the system libblas.so.3 alternative."""
    for path in ("/usr/lib/x86_64-linux-gnu/libblas.so.3", "/usr/lib/aarch64-linux-gnu/libblas.so.3"):
        if os.path.exists(path):
            return os.path.realpath(path)
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="measured rounds (after one warm-up round)")
    parser.add_argument("--steps", type=int, default=200, help="training steps per round")
    parser.add_argument("--batch", type=int, default=64, help="examples per step")
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", default=DEFAULT_FOLDER, help="folder with the Fashion-MNIST IDX files")
    parser.add_argument("--json", help="write the results to this JSON file")
    args = parser.parse_args()
    if min(args.rounds, args.steps, args.batch, args.threads) < 1:
        parser.error("--rounds, --steps, --batch and --threads must all be at least 1")

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    images, labels = load_train(args.data)
    count = images.shape[0]
    if args.batch > count:
        parser.error(f"--batch {args.batch} is more than the {count} training images")

    model = small_cnn()
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def run_round():
        order, position = None, 0
        loss_sum, correct, seen = 0.0, 0, 0
        for _ in range(args.steps):
            if order is None or position + args.batch > count:
                order, position = torch.randperm(count), 0
            index = order[position: position + args.batch]
            position += args.batch
            x = images.index_select(0, index)
            y = labels.index_select(0, index)
            optimizer.zero_grad()
            logits = model(x)
            loss = F.cross_entropy(logits, y)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * args.batch
            correct += logits.argmax(1).eq(y).sum().item()
            seen += args.batch
        return seen, loss_sum / seen, correct / seen

    def measure(label):
        reset_peak_rss()
        start = time.perf_counter()
        seen, loss, accuracy = run_round()
        seconds = time.perf_counter() - start
        peak = peak_rss_mib()
        rate = seen / seconds
        print(f"  {label:<8} pytorch    {rate:8.0f} samples/s  {seconds:6.2f}s  loss {loss:.4f}  accuracy {accuracy:.4f}  peak RSS {peak or 0:.0f} MiB")
        return {"seconds": round(seconds, 4), "samples_per_second": round(rate, 1),
                "loss": round(loss, 5), "accuracy": round(accuracy, 5), "peak_rss_mib": peak}

    print(f"throughput (PyTorch {torch.__version__}): {args.rounds} rounds x {args.steps} steps x batch {args.batch}, "
          f"{torch.get_num_threads()} threads, after 1 warm-up round")
    measure("warm-up")
    rounds = [measure(f"round {r + 1}") for r in range(args.rounds)]
    median = statistics.median(r["samples_per_second"] for r in rounds)
    print(f"median samples/s: PyTorch {median:.0f}")

    if args.json:
        peaks = [r["peak_rss_mib"] for r in rounds if r["peak_rss_mib"] is not None]
        document = {
            "benchmark": "throughput-pytorch",
            "recorded_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "command": " ".join(["/usr/bin/python3"] + sys.argv),
            "settings": {
                "rounds": args.rounds, "steps": args.steps, "batch": args.batch,
                "threads": torch.get_num_threads(), "seed": args.seed, "warmup_rounds": 1,
                "protocol": "own process; one warm-up round, then the median of the measured rounds",
            },
            "machine": machine(),
            "runtime": {"python": platform.python_version(), "torch": torch.__version__, "numpy": np.__version__,
                        "blas": blas()},
            "variants": {
                "pytorch": {
                    "description": "PyTorch loop: nn.Sequential, optim.Adam(1e-3), F.cross_entropy, index_select batches",
                    "samples_per_second_median": round(median, 1),
                    "steps_per_second_median": round(median / args.batch, 2),
                    "peak_rss_mib": max(peaks) if peaks else None,
                    "rounds": rounds,
                }
            },
        }
        folder = os.path.dirname(os.path.abspath(args.json))
        os.makedirs(folder, exist_ok=True)
        temporary = os.path.join(folder, f".{os.path.basename(args.json)}.{os.getpid()}.tmp")
        with open(temporary, "w") as f:
            json.dump(document, f, indent=2)
            f.write("\n")
        os.replace(temporary, args.json)
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
