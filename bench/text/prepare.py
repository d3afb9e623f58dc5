"""Jane Austen's six novels (Debian's r-cran-janeaustenr) as a labelled text table, split once.

Usage: prepare.py DIR
Writes DIR/austen.csv (text,book: one paragraph per row, blank-line separated lines joined, at least 10 words),
DIR/train.csv and DIR/test.csv (a stratified 80/20 split, scikit-learn's train_test_split, seed 0) and
DIR/split.json (the test rows' positions in austen.csv). Every system trains on train.csv and is scored on test.csv.
"""
import json
import os
import subprocess
import sys

import pandas as pd
from sklearn.model_selection import train_test_split


def main(out):
    os.makedirs(out, exist_ok=True)
    lines_path = os.path.join(out, "austen_lines.csv")
    if not os.path.exists(lines_path):
        subprocess.run(["Rscript", "-e", f'write.csv(janeaustenr::austen_books(), "{lines_path}", row.names=FALSE)'], check=True)
    lines = pd.read_csv(lines_path, keep_default_na=False)
    rows, current, book = [], [], None
    for text, b in zip(lines["text"], lines["book"]):
        if b != book or not text.strip():
            if current and book is not None:
                rows.append((" ".join(current), book))
            current, book = [], b
            if not text.strip():
                continue
        current.append(text.strip())
    if current:
        rows.append((" ".join(current), book))
    table = pd.DataFrame(rows, columns=["text", "book"])
    table = table[table["text"].str.split().str.len() >= 10].reset_index(drop=True)
    table.to_csv(os.path.join(out, "austen.csv"), index=False)
    train, test = train_test_split(table.index.to_numpy(), test_size=0.2, stratify=table["book"], random_state=0)
    table.loc[sorted(train)].to_csv(os.path.join(out, "train.csv"), index=False)
    table.loc[sorted(test)].to_csv(os.path.join(out, "test.csv"), index=False)
    with open(os.path.join(out, "split.json"), "w") as f:
        json.dump({"source": "austen.csv", "target": "book", "test": sorted(int(i) for i in test)}, f)
    counts = table["book"].value_counts().to_dict()
    print(json.dumps({"rows": len(table), "train": len(train), "test": len(test), "books": counts}))


if __name__ == "__main__":
    main(sys.argv[1])
