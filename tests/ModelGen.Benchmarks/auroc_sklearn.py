"""Times scikit-learn's roc_auc_score on the data AurocBenchmark.cs times Auroc.Binary on.

    /usr/bin/python3 tests/ModelGen.Benchmarks/auroc_sklearn.py [samples]

Scores are a noisy sigmoid shifted up for positives (prevalence 30%), rounded to three decimals and stored as
float32; best of several runs after a warm-up, in this single process (numpy's sort is single-threaded).
"""

import sys
import time

import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score

WARM_UPS, RUNS = 1, 5


def main():
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
    rng = np.random.default_rng(1)
    labels = (rng.random(samples) < 0.3).astype(np.float32)
    logits = rng.normal(size=samples) + 1.2 * labels
    scores = np.round(1 / (1 + np.exp(-logits)), 3).astype(np.float32)
    for _ in range(WARM_UPS):
        auroc = roc_auc_score(labels, scores)
    best = float("inf")
    for _ in range(RUNS):
        start = time.perf_counter()
        auroc = roc_auc_score(labels, scores)
        best = min(best, time.perf_counter() - start)
    print(f"sklearn {sklearn.__version__} roc_auc_score: {samples:,} scores rounded to 3 decimals, best of {RUNS}: "
          f"{best * 1000:.1f} ms (AUROC {auroc:.6f})")


if __name__ == "__main__":
    main()
