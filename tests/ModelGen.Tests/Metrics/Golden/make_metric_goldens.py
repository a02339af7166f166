"""Golden values for ModelGen.Metrics from scikit-learn, and DeLong's statistics from a plain reference.

Run from the repository root with the Debian interpreter (apt-get install -y python3-sklearn libopenblas0):

    /usr/bin/python3 tests/ModelGen.Tests/Metrics/Golden/make_metric_goldens.py

Writes, beside this script:

  binary.json      roc_auc_score, average_precision_score, roc_curve (drop_intermediate True and False) and
                   precision_recall_curve on binary cases: ties across and within classes, all scores equal, one
                   positive, one negative, logits, -0 against +0, 5,000 rounded scores.
  multilabel.json  roc_auc_score and average_precision_score per label and averaged (macro, micro, weighted),
                   including columns without positives or without negatives.
  multiclass.json  roc_auc_score(multi_class="ovr") per class and averaged (macro, weighted, micro).

Scores are float32 (what ModelGen's metrics take), written as the float64 of that float32, so C# parses them
back to the same floats; scikit-learn is run on exactly those values. Where scikit-learn raises (a label column
that is all one class), the value is null, and "macro_defined_labels" and "weighted_defined_labels" hold the
averages over the labels that ModelGen counts as defined (AUROC: both classes present; average precision: at
least one positive), which is what ModelGen reports. roc_curve's first threshold is left out: scikit-learn 1.3 and later
make it +inf, earlier releases the highest score + 1.
"""

import json
import math
import os
import warnings

import numpy as np
import sklearn
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve

HERE = os.path.dirname(os.path.abspath(__file__))


def f32(values):
    return np.asarray(values, dtype=np.float32).astype(np.float64)


def floats(values):
    return [float(v) for v in np.asarray(values, dtype=np.float64).ravel()]


def ints(values):
    return [int(v) for v in np.asarray(values).ravel()]


def write(name, payload):
    payload = {"sklearn_version": sklearn.__version__, "numpy_version": np.__version__, **payload}
    path = os.path.join(HERE, name)
    with open(path, "w") as f:
        f.write(dumps(payload) + "\n")
    print("wrote", path)


def dumps(value, indent=""):
    """JSON with one line per field: readable structure, and arrays of numbers kept on their line."""
    inner = indent + " "
    if isinstance(value, dict):
        fields = [f"{inner}{json.dumps(k)}: {dumps(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(fields) + "\n" + indent + "}"
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        return "[\n" + ",\n".join(inner + dumps(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value, allow_nan=False, separators=(", ", ": "))


def or_none(compute):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = float(compute())
        return None if math.isnan(value) else value
    except ValueError:
        return None


# ---------------------------------------------------------------- binary


def binary_case(name, scores, labels):
    scores, labels = f32(scores), np.asarray(labels, dtype=np.int64)
    fpr, tpr, thresholds = roc_curve(labels, scores)
    fpr_all, tpr_all, thresholds_all = roc_curve(labels, scores, drop_intermediate=False)
    precision, recall, pr_thresholds = precision_recall_curve(labels, scores)
    return {
        "name": name,
        "scores": floats(scores),
        "labels": ints(labels),
        "auroc": float(roc_auc_score(labels, scores)),
        "average_precision": float(average_precision_score(labels, scores)),
        "roc": {"fpr": floats(fpr), "tpr": floats(tpr), "thresholds_after_first": floats(thresholds[1:])},
        "roc_all": {"fpr": floats(fpr_all), "tpr": floats(tpr_all), "thresholds_after_first": floats(thresholds_all[1:])},
        "pr": {"precision": floats(precision), "recall": floats(recall), "thresholds": floats(pr_thresholds)},
    }


def binary_cases(rng):
    n = 5000
    y = rng.random(n) < 0.3
    separated = rng.normal(size=n) + 1.2 * y
    return [
        binary_case("ties_across_classes", [0.1, 0.4, 0.4, 0.4, 0.8, 0.8, 0.2, 0.9], [0, 0, 1, 1, 0, 1, 0, 1]),
        binary_case("ties_within_one_class", [0.3, 0.3, 0.3, 0.7, 0.7, 0.5, 0.1, 0.1], [1, 1, 1, 0, 0, 1, 0, 0]),
        binary_case("all_scores_equal", [0.5] * 7, [0, 1, 0, 1, 1, 0, 0]),
        binary_case("one_positive", [0.2, 0.9, 0.4, 0.4, 0.1, 0.6], [0, 0, 1, 0, 0, 0]),
        binary_case("one_negative", [0.2, 0.9, 0.4, 0.4, 0.1, 0.6], [1, 1, 1, 0, 1, 1]),
        binary_case("perfectly_wrong", [0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]),
        binary_case("negative_zero_ties_zero", [-0.0, 0.0, 0.0, -0.0, 1.0, -1.0], [1, 0, 1, 0, 1, 0]),
        binary_case("logits", rng.normal(scale=6.0, size=300) + 2.0 * (np.arange(300) % 3 == 0), (np.arange(300) % 3 == 0)),
        # Equal steps (dropped by drop_intermediate) and collinear tie groups of unequal size (kept).
        binary_case("points_on_straight_segments", [10, 9, 8, 7, 7, 7, 6, 6, 6, 6, 6, 6, 5, 4, 3],
                    [1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1]),
        binary_case("large_rounded_two_decimals", np.round(1 / (1 + np.exp(-separated)), 2), y),
        binary_case("large_rounded_three_decimals", np.round(1 / (1 + np.exp(-separated)), 3), y),
    ]


# ---------------------------------------------------------------- multi-label and multi-class


def averaged(metric, labels, scores, is_defined):
    """Per-label values and averages; a label is undefined in ModelGen's terms when is_defined(column) is false."""
    k = labels.shape[1]
    per_label = [or_none(lambda c=c: metric(labels[:, c], scores[:, c])) for c in range(k)]
    defined = [c for c in range(k) if is_defined(labels[:, c])]
    assert all(per_label[c] is not None for c in defined)
    result = {"per_label": per_label, "undefined_labels": [c for c in range(k) if c not in defined]}
    for average in ("macro", "micro", "weighted"):
        result[average] = or_none(lambda a=average: metric(labels, scores, average=a))
    values = np.array([per_label[c] for c in defined])
    result["macro_defined_labels"] = float(values.mean())
    result["weighted_defined_labels"] = float(np.average(values, weights=labels.sum(axis=0)[defined]))
    return result


def has_both_classes(column):
    return 0 < column.sum() < len(column)


def has_positives(column):
    return column.sum() > 0


def multilabel_case(name, scores, labels):
    scores, labels = f32(scores), np.asarray(labels, dtype=np.int64)
    return {
        "name": name,
        "label_count": labels.shape[1],
        "scores": floats(scores),
        "labels": ints(labels),
        "auroc": averaged(roc_auc_score, labels, scores, has_both_classes),
        "average_precision": averaged(average_precision_score, labels, scores, has_positives),
    }


def multilabel_cases(rng):
    n, k = 600, 6
    labels = rng.random((n, k)) < np.array([0.05, 0.1, 0.2, 0.3, 0.5, 0.7])
    scores = np.round(1 / (1 + np.exp(-(rng.normal(size=(n, k)) + 1.5 * labels))), 2)
    lacking = labels.copy()
    lacking[:, 1] = False  # no positives
    lacking[:, 4] = True  # no negatives
    logits = rng.normal(scale=3.0, size=(200, 3)) + 2.0 * (labels[:200, :3])
    return [
        multilabel_case("six_labels_rounded", scores, labels),
        multilabel_case("column_without_positives_and_column_without_negatives", scores, lacking),
        multilabel_case("logits", logits, labels[:200, :3]),
    ]


def multiclass_case(name, probabilities, classes, class_count):
    probabilities = f32(probabilities)
    classes = np.asarray(classes, dtype=np.int64)
    onehot = np.eye(class_count, dtype=np.int64)[classes]
    result = {
        "name": name,
        "class_count": class_count,
        "probabilities": floats(probabilities),
        "classes": ints(classes),
        "auroc": averaged(roc_auc_score, onehot, probabilities, has_both_classes),
        "auroc_ovr": {},
    }
    for average in ("macro", "weighted", "micro"):
        ovr = or_none(lambda a=average: roc_auc_score(
            classes, probabilities, multi_class="ovr", average=a, labels=list(range(class_count))))
        assert ovr is None or ovr == result["auroc"][average]  # one-vs-rest is multi-label on the one-hot labels
        result["auroc_ovr"][average] = ovr
    return result


def multiclass_cases(rng):
    def softmax(logits):
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    n, k = 400, 3
    classes = rng.integers(0, k, size=n)
    # Counts out of 20 give exact sums of 1 and many ties within each class's column.
    counts = rng.multinomial(20, [0.2, 0.3, 0.5], size=n) + 0
    counts[np.arange(n), classes] += rng.integers(0, 6, size=n)
    coarse = counts / counts.sum(axis=1, keepdims=True)
    big_n, big_k = 1000, 10
    big_classes = rng.integers(0, big_k, size=big_n)
    fine = softmax(rng.normal(size=(big_n, big_k)) + 1.5 * np.eye(big_k)[big_classes])
    absent = rng.integers(0, 3, size=300)  # class 3 of 4 never occurs
    absent_p = softmax(rng.normal(size=(300, 4)) + np.eye(4)[absent])
    cases = [
        multiclass_case("three_classes_coarse_ties", coarse, classes, k),
        multiclass_case("ten_classes_softmax", fine, big_classes, big_k),
        multiclass_case("class_never_present", absent_p, absent, 4),
    ]
    return cases


def main():
    rng = np.random.default_rng(20240601)
    write("binary.json", {"cases": binary_cases(rng)})
    write("multilabel.json", {"cases": multilabel_cases(rng)})
    write("multiclass.json", {"cases": multiclass_cases(rng)})


if __name__ == "__main__":
    main()
