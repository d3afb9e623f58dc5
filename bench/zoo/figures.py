"""Reads a `lepton zoo run` log and prints one JSON line: the recipe's figure (its last line) and the figures above it."""
import json
import re
import sys

name, log, seconds, settings = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
lines = open(log, encoding="utf-8").read().splitlines()
last = lines[-1]
match = re.fullmatch(r"(\S+): (\S+) (\S+)", last)
if not match or match.group(1) != name:
    sys.exit(f"{log}: the last line is not '{name}: METRIC VALUE': {last!r}")
figures = {}
for line in lines:
    m = re.fullmatch(r"  ([a-z_]+): (-?[0-9.]+|NaN)", line)
    if m:
        figures[m.group(1)] = float(m.group(2))
print(json.dumps({"system": "lepton", "recipe": name, "settings": settings, "metric": match.group(2),
                  "value": float(match.group(3)), "figures": figures, "seconds": round(seconds, 1)}))
