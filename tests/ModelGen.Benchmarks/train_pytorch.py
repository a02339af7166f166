"""PyTorch side of the training benchmark: the reference CNN on Fashion-MNIST, the same recipe as ModelGen's.

Run by `dotnet run -c Release --project tests/ModelGen.Benchmarks -- train`, or alone:
    /usr/bin/python3 tests/ModelGen.Benchmarks/train_pytorch.py [--epochs 2] [--threads 1] [--data DIR]
Prints one JSON line: samples/s, test accuracy, macro one-vs-rest AUROC, and what BLAS/oneDNN PyTorch used.
Needs Debian's python3-torch and dataset-fashion-mnist (python3-sklearn for the AUROC, else a rank formula).
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch
from torch import nn


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(directory, prefix):
    images = read_idx(os.path.join(directory, f"{prefix}-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
    labels = read_idx(os.path.join(directory, f"{prefix}-labels-idx1-ubyte.gz")).astype(np.int64)
    return torch.from_numpy(images).unsqueeze(1), torch.from_numpy(labels)


def macro_auroc(probabilities, labels, classes):
    try:
        from sklearn.metrics import roc_auc_score
        return float(roc_auc_score(labels, probabilities, multi_class="ovr", average="macro"))
    except ImportError:
        from scipy.stats import rankdata
        values = []
        for k in range(classes):
            positive = labels == k
            ranks = rankdata(probabilities[:, k])
            p, n = positive.sum(), (~positive).sum()
            values.append((ranks[positive].sum() - p * (p + 1) / 2) / (p * n))
        return float(np.mean(values))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", default=os.environ.get("MODELGEN_FASHION_MNIST", "/usr/share/datasets/fashion-mnist"))
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train_x, train_y = load(args.data, "train")
    test_x, test_y = load(args.data, "t10k")
    model = nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_function = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(args.seed)

    start = time.perf_counter()
    for _ in range(args.epochs):
        order = torch.randperm(len(train_x), generator=generator)
        for first in range(0, len(train_x), args.batch):
            index = order[first:first + args.batch]
            optimizer.zero_grad()
            loss = loss_function(model(train_x[index]), train_y[index])
            loss.backward()
            optimizer.step()
    seconds = time.perf_counter() - start

    with torch.no_grad():
        probabilities = torch.softmax(model(test_x), dim=1).numpy()
    labels = test_y.numpy()
    print(json.dumps({
        "framework": f"PyTorch {torch.__version__}",
        "threads": args.threads,
        "epochs": args.epochs,
        "samples_per_second": args.epochs * len(train_x) / seconds,
        "seconds": seconds,
        "test_accuracy": float((probabilities.argmax(1) == labels).mean()),
        "test_macro_auroc": macro_auroc(probabilities, labels, 10),
        "mkldnn": torch.backends.mkldnn.is_available(),
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE", "(unset)"),
        "parallel_info": torch.__config__.parallel_info().splitlines()[:3],
    }))


if __name__ == "__main__":
    main()
