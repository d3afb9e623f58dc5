"""Writes the text benchmark's figures: bench/results/text.json and the "Text classification" section at the end
of docs/benchmarks.md (replaced between its markers when present).

Usage: report.py DIR JSON_OUT BENCHMARKS_MD TRAIN_SECONDS PREDICT_SECONDS TOTAL_SECONDS
"""
import datetime
import json
import os
import platform
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "training"))
from pages import write_section  # noqa: E402

BEGIN = "<!-- text:begin (written by bench/text/run.sh) -->"
END = "<!-- text:end -->"


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    memory = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0) / 1024 / 1024
    system = next((l.split("=", 1)[1].strip().strip('"') for l in open("/etc/os-release") if l.startswith("PRETTY_NAME")), "?")
    dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(memory, 1), "os": system, "kernel": platform.release(),
            "dotnet": dotnet, "python": platform.python_version(), "commit": commit,
            "omp_num_threads": os.environ.get("OMP_NUM_THREADS", ""), "load_average": round(os.getloadavg()[0], 1),
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def trials(log):
    """The candidates table lepton train prints: name, validation accuracy, time, note."""
    rows, inside = [], False
    for line in log.splitlines():
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if len(cells) == 4 and cells[0] == "Candidate":
            inside = True
        elif inside and len(cells) == 4 and cells[0]:
            rows.append({"candidate": cells[0], "validation_accuracy": cells[1], "seconds": cells[2], "note": cells[3]})
    return rows


def main(out, json_out, md, train_seconds, predict_seconds, total_seconds):
    scores = json.load(open(os.path.join(out, "scores.json")))
    log = open(os.path.join(out, "lepton-train.log")).read()
    own_test = next((l.strip() for l in log.splitlines() if l.startswith("Test (")), "")
    result = {"scores": scores, "lepton_trials": trials(log), "lepton_own_test": own_test,
              "lepton_train_seconds": int(train_seconds), "lepton_predict_seconds": int(predict_seconds),
              "total_seconds": int(total_seconds), "machine": machine()}
    os.makedirs(os.path.dirname(json_out), exist_ok=True)
    with open(json_out, "w") as f:
        json.dump(result, f, indent=1)

    m = result["machine"]
    lepton, baseline, bigrams = scores["lepton"], scores["tfidf_logistic"], scores["tfidf_bigrams_logistic"]
    verdict = "**PASS**" if lepton["accuracy"] >= baseline["accuracy"] else "**FAIL**"
    best = max(lepton["accuracy"], baseline["accuracy"], bigrams["accuracy"])

    def accuracy(value):
        return f"**{value:.3f}**" if value == best else f"{value:.3f}"
    lines = [
        BEGIN,
        "## Text classification: `lepton train` against TF-IDF + logistic regression",
        "",
        "`bench/text/run.sh`: Jane Austen's six novels (Debian's `r-cran-janeaustenr`, converted once with `Rscript`) as a "
        f"table of paragraphs (lines joined up to a blank line, at least 10 words) labelled by novel: {scores['train_rows'] + scores['test_rows']:,} rows, "
        f"split once 80/20 (stratified, seed 0) into `train.csv` ({scores['train_rows']:,}) and `test.csv` ({scores['test_rows']:,}), which every system reads. "
        "Lepton: `lepton train train.csv --target book` with no other option (its default 10-minute limit; it holds out 20 % of "
        "train.csv for its own test and 20 % of the rest for validation, so its models learn from 64 % of the rows the peers learn "
        "from), then `lepton predict` on test.csv. Peers: scikit-learn "
        f"{scores['sklearn_version']}, `TfidfVectorizer()` + `LogisticRegression()` (defaults, max_iter 1000) — the baseline of "
        "issue 12 — and a tuned variant (word bigrams, sublinear tf, C = 10), trained on all of train.csv. "
        f"Scored on test.csv. **PASS** when Lepton's accuracy ≥ the baseline's.",
        "",
        "| System | Accuracy | Macro F1 | Vocabulary | Train time |",
        "| --- | --- | --- | --- | --- |",
        f"| Lepton (`lepton train`, kept: {next((t['candidate'].replace(' (kept)', '') for t in result['lepton_trials'] if '(kept)' in t['candidate']), '?')}) "
        f"| {accuracy(lepton['accuracy'])} | {lepton['f1_macro']:.3f} | cl100k tokens fitted on the rows | {train_seconds} s (all candidates) |",
        f"| scikit-learn TF-IDF + logistic (baseline) | {accuracy(baseline['accuracy'])} | {baseline['f1_macro']:.3f} | {baseline['vocabulary']:,} words | {baseline['seconds']} s |",
        f"| scikit-learn TF-IDF 1–2-grams + logistic C=10 | {accuracy(bigrams['accuracy'])} | {bigrams['f1_macro']:.3f} | {bigrams['vocabulary']:,} n-grams | {bigrams['seconds']} s |",
        "",
        f"Result: {verdict} (Lepton {lepton['accuracy']:.3f} vs baseline {baseline['accuracy']:.3f}).",
        "",
        "What `lepton train` tried (validation accuracy on its own validation rows):",
        "",
        "| Candidate | Validation accuracy | Time | What it was |",
        "| --- | --- | --- | --- |",
        *[f"| {t['candidate']} | {t['validation_accuracy']} | {t['seconds']} | {t['note']} |" for t in result["lepton_trials"]],
        "",
        f"Its own held-out rows: {own_test.replace('  ', ', ')}. `lepton predict` on test.csv took {predict_seconds} s (with a build of "
        "the command when its sources had changed).",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['os']}, Linux {m['kernel']}, .NET SDK {m['dotnet']}, "
        f"Python {m['python']}, OMP_NUM_THREADS={m['omp_num_threads']}. Commit {m['commit']}, {m['date']}. Load average at the end "
        f"{m['load_average']} (other sessions' builds and tests shared the 2 cores, so times are high and noisy). The whole run took "
        f"{total_seconds} s. Raw figures: `bench/results/text.json`.",
        END,
    ]
    section = "\n".join(lines) + "\n"
    write_section(md, BEGIN, END, section)
    print(section)


if __name__ == "__main__":
    main(*sys.argv[1:4], *(int(a) for a in sys.argv[4:7]))
