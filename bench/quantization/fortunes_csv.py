"""Writes fortunes by category (Debian's `fortunes` package) as two CSV files, text,category: a training and a test split."""
import csv
import random
import sys

CATEGORIES = ["computers", "science", "politics", "love", "sports", "food"]
folder = "/usr/share/games/fortunes"
out = sys.argv[1]
rows = []
for category in CATEGORIES:
    with open(f"{folder}/{category}", encoding="utf-8", errors="replace") as f:
        for entry in f.read().split("\n%\n"):
            text = " ".join(entry.split())
            if 20 <= len(text) <= 600:
                rows.append((text, category))
random.Random(1).shuffle(rows)
cut = int(len(rows) * 0.8)
for name, part in (("train", rows[:cut]), ("test", rows[cut:])):
    with open(f"{out}/fortunes-{name}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "category"])
        w.writerows(part)
print(f"{len(rows)} fortunes in {len(CATEGORIES)} categories: {cut} to train, {len(rows) - cut} to test")
