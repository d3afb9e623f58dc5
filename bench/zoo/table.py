"""Prints the markdown table of a generative.jsonl: each Lepton recipe run beside its peer's figure."""
import json
import sys

runs = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
print("| recipe | settings | figure | Lepton | peer / ceiling | wall time (s) |")
print("| --- | --- | --- | --- | --- | --- |")
for i, run in enumerate(runs):
    if run["system"] != "lepton":
        continue
    peer = ""
    if i + 1 < len(runs) and runs[i + 1]["system"] != "lepton":
        peer = f"IsolationForest {runs[i + 1]['value']:.4f}"
    f = run["figures"]
    if run["recipe"] == "gan":
        peer = f"real test images {f['real_classifier_score']:.2f} (Fréchet {f['real_frechet_distance']:.2f}); samples' Fréchet {f['frechet_distance']:.2f}"
    print(f"| {run['recipe']} | {run['settings'] or 'defaults'} | {run['metric']} | {run['value']:.4f} | {peer} | {run['seconds']:.0f} |")
