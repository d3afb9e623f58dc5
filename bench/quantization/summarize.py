"""Combines the `lepton compress --json` reports of run.sh into bench/results/quantization.json and a Markdown table."""
import json
import os
import statistics
import sys

folder, repeat, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
MODELS = [("small", "Fashion-MNIST `small` CNN"), ("batchnorm", "Fashion-MNIST `batchnorm` CNN"), ("text-lstm", "fortunes text, bidirectional LSTM")]


def spread(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": values}


result = {"repeat": repeat, "models": {}}
print("| Model | Float ONNX | int8 ONNX | Size | Test accuracy float → int8 | Δ | Same class | p50 latency float → int8 | Batch 64 float → int8 (examples/s) | Load |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for key, title in MODELS:
    if not os.path.exists(f"{folder}/{key}-1.json"):
        continue
    runs = [json.load(open(f"{folder}/{key}-{i}.json")) for i in range(1, repeat + 1)]
    first = runs[0]
    latency_f = spread([r["float_timing"]["p50_milliseconds"] for r in runs])
    latency_q = spread([r["quantized_timing"]["p50_milliseconds"] for r in runs])
    thr_f = spread([r["float_timing"]["samples_per_second"] for r in runs])
    thr_q = spread([r["quantized_timing"]["samples_per_second"] for r in runs])
    lat_x = spread([r["latency_speedup"] for r in runs])
    thr_x = spread([r["throughput_speedup"] for r in runs])
    loads = [r["load"] for r in runs]
    entry = {
        "title": title,
        "float_bytes": first["float_bytes"], "int8_bytes": first["quantized_bytes"], "size_ratio": first["size_ratio"],
        "metric": first.get("metric"), "float_metric": first.get("float_metric"), "int8_metric": first.get("quantized_metric"),
        "delta_points": None if first.get("metric_delta") is None else 100 * first["metric_delta"],
        "agreement": first.get("agreement"),
        "nodes": first["nodes"], "calibration_samples": first.get("calibration_samples", 0),
        "p50_ms_float": latency_f, "p50_ms_int8": latency_q, "latency_speedup": lat_x,
        "batch64_per_s_float": thr_f, "batch64_per_s_int8": thr_q, "throughput_speedup": thr_x,
        "threads": first["threads"], "load": loads,
        "goal_within_1_point": None if first.get("metric_delta") is None else abs(first["metric_delta"]) <= 0.01,
    }
    result["models"][key] = entry
    print(f"| {title} | {entry['float_bytes']:,} B | {entry['int8_bytes']:,} B | {entry['size_ratio']:.2f}× smaller "
          f"| {entry['float_metric']:.4f} → {entry['int8_metric']:.4f} | {entry['delta_points']:+.2f} points ({'PASS' if entry['goal_within_1_point'] else 'FAIL'}) "
          f"| {100 * entry['agreement']:.2f}% "
          f"| {latency_f['median']:.3f} → {latency_q['median']:.3f} ms ({lat_x['median']:.2f}×, {lat_x['min']:.2f}–{lat_x['max']:.2f}) "
          f"| {thr_f['median']:,.0f} → {thr_q['median']:,.0f} ({thr_x['median']:.2f}×, {thr_x['min']:.2f}–{thr_x['max']:.2f}) "
          f"| {loads[0].split()[0]}–{loads[-1].split()[0]} |")
json.dump(result, open(out, "w"), indent=2)
print(f"wrote {out}")
