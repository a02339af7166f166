"""How hard PhantomScans is: the test AUROC of logistic regression on pixels and of small CNNs trained with PyTorch.

Export the data from C# first (inputs (N, 1, 64, 64), targets (N, 4): nodule, mass, effusion, cardiomegaly):

    NpyDataSet.Save(PhantomScans.MultiLabel(4000, seed: 1), "dir/train_x.npy", "dir/train_y.npy", 1, 64, 64);
    NpyDataSet.Save(PhantomScans.MultiLabel(2000, seed: 2), "dir/test_x.npy", "dir/test_y.npy", 1, 64, 64);

then, with the system interpreter (python3-torch, python3-sklearn):

    /usr/bin/python3 tests/ModelGen.Benchmarks/phantom_baseline.py dir --epochs 10 --arch small deep

The binary task is the nodule column alone. Every architecture is one ModelGen can declare.
"""
import argparse
import time

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from torch import nn

LABELS = ["nodule", "mass", "effusion", "cardiomegaly"]

ARCHITECTURES = {
    # [Conv2D(8, 3, Padding = 1), ReLU, MaxPool2D(2)] [Conv2D(16, 3, Padding = 1), ReLU, MaxPool2D(2)] [Flatten, Dense(32), ReLU, Dense(K)]
    "small": lambda side: [nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                           nn.Flatten(), nn.Linear(16 * (side // 4) ** 2, 32), nn.ReLU()],
    # three conv blocks (16, 32, 32 filters), then [Flatten, Dense(64), ReLU, Dense(K)]
    "deep": lambda side: [nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(32 * (side // 8) ** 2, 64), nn.ReLU()],
}


def logistic_regression(train_x, train_y, test_x, test_y):
    a, b = train_x.reshape(len(train_x), -1), test_x.reshape(len(test_x), -1)
    mean, std = a.mean(0), a.std(0) + 1e-6
    aurocs = []
    for label in range(len(LABELS)):
        model = LogisticRegression(C=0.01, max_iter=300).fit((a - mean) / std, train_y[:, label])
        aurocs.append(roc_auc_score(test_y[:, label], model.decision_function((b - mean) / std)))
    return aurocs


def train_cnn(architecture, train_x, train_y, test_x, test_y, epochs, seed):
    torch.manual_seed(seed)
    side = train_x.shape[-1]
    body = nn.Sequential(*ARCHITECTURES[architecture](side))
    model = nn.Sequential(body, nn.Linear(body(torch.zeros(1, 1, side, side)).shape[1], train_y.shape[1]))
    optimizer = torch.optim.Adam(model.parameters(), 1e-3)
    loss_function = nn.BCEWithLogitsLoss()
    x, y, tx = torch.from_numpy(train_x), torch.from_numpy(train_y), torch.from_numpy(test_x)
    per_epoch = []
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(x))
        for first in range(0, len(x), 32):
            batch = order[first:first + 32]
            optimizer.zero_grad()
            loss_function(model(x[batch]), y[batch]).backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            scores = torch.cat([model(tx[i:i + 500]) for i in range(0, len(tx), 500)]).numpy()
        per_epoch.append([round(roc_auc_score(test_y[:, k], scores[:, k]), 3) for k in range(train_y.shape[1])])
    return per_epoch


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory")
    parser.add_argument("--train", type=int, default=None, help="use only the first N training samples")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--arch", nargs="*", default=["small", "deep"], choices=sorted(ARCHITECTURES))
    parser.add_argument("--tasks", nargs="*", default=["binary", "multilabel"], choices=["binary", "multilabel"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    d = args.directory
    train_x, train_y = np.load(f"{d}/train_x.npy")[:args.train], np.load(f"{d}/train_y.npy")[:args.train]
    test_x, test_y = np.load(f"{d}/test_x.npy"), np.load(f"{d}/test_y.npy")
    print(f"train {train_x.shape}, test {test_x.shape}; prevalence train {train_y.mean(0).round(3)}, test {test_y.mean(0).round(3)}")
    started = time.time()
    aurocs = logistic_regression(train_x, train_y, test_x, test_y)
    print(f"logistic regression on pixels: {dict(zip(LABELS, np.round(aurocs, 3)))} ({time.time() - started:.0f} s)")
    for architecture in args.arch:
        for task in args.tasks:
            targets = (train_y[:, :1], test_y[:, :1]) if task == "binary" else (train_y, test_y)
            started = time.time()
            per_epoch = train_cnn(architecture, train_x, targets[0], test_x, targets[1], args.epochs, args.seed)
            print(f"{architecture} {task}: test AUROC after each epoch {per_epoch} ({time.time() - started:.0f} s)")


if __name__ == "__main__":
    main()
