"""Golden values for ModelGen.Metrics from scikit-learn, and DeLong's statistics from a plain reference.

Run from the repository root with the Debian interpreter (apt-get install -y python3-sklearn python3-mpmath libopenblas0):

    /usr/bin/python3 tests/ModelGen.Tests/Metrics/Golden/make_metric_goldens.py

Writes, beside this script:

  binary.json      roc_auc_score, average_precision_score, roc_curve (drop_intermediate True and False) and
                   precision_recall_curve on binary cases: ties across and within classes, all scores equal, one
                   positive, one negative, logits, -0 against +0, 5,000 rounded scores.
  multilabel.json  roc_auc_score and average_precision_score per label and averaged (macro, micro, weighted),
                   including columns without positives or without negatives.
  multiclass.json  roc_auc_score(multi_class="ovr") per class and averaged (macro, weighted, micro).
  delong.json      DeLong's standard error, 95% interval and paired test, from the O(positives x negatives)
                   structural components of DeLong, DeLong and Clarke-Pearson (1988) written out below.
  normal.json      the standard normal CDF and quantile, exact to double precision (mpmath).

Scores are float32 (what ModelGen's metrics take), written as the float64 of that float32, so C# parses them
back to the same floats; scikit-learn is run on exactly those values. Where scikit-learn raises (a label column
that is all one class), the value is null, and "macro_defined_labels" and "weighted_defined_labels" hold the
averages over the labels that ModelGen counts as defined (AUROC: both classes present; average precision: at
least one positive), which is what ModelGen reports. roc_curve's first threshold is left out: scikit-learn 1.3 and later
make it +inf, earlier releases the highest score + 1.

The script also checks its DeLong reference against the R package pROC's values in proc.json (written by
make_proc_goldens.R), so the three implementations agree with each other.
"""

import json
import math
import os
import warnings

import mpmath
import numpy as np
import scipy
import scipy.stats
import sklearn
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve

HERE = os.path.dirname(os.path.abspath(__file__))
Z95 = scipy.stats.norm.ppf(0.975)


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


# ---------------------------------------------------------------- DeLong


def delong_components(scores, labels):
    """DeLong 1988: psi over every (positive, negative) pair; V10 per positive, V01 per negative."""
    x = scores[labels == 1][:, None]
    y = scores[labels == 0][None, :]
    psi = (x > y) + 0.5 * (x == y)
    return psi.mean(), psi.mean(axis=1), psi.mean(axis=0)


def delong_reference(scores_a, scores_b, labels):
    auc_a, v10_a, v01_a = delong_components(scores_a, labels)
    auc_b, v10_b, v01_b = delong_components(scores_b, labels)
    m, n = len(v10_a), len(v01_a)
    s10 = np.cov(np.vstack([v10_a, v10_b]))  # divides by m - 1
    s01 = np.cov(np.vstack([v01_a, v01_b]))
    s = s10 / m + s01 / n
    se_a = math.sqrt(s[0, 0])
    se_diff = math.sqrt(s[0, 0] + s[1, 1] - 2 * s[0, 1])
    z = (auc_a - auc_b) / se_diff
    return {
        "auc_a": float(auc_a),
        "auc_b": float(auc_b),
        "se_a": se_a,
        "ci_a": [max(0.0, auc_a - Z95 * se_a), min(1.0, auc_a + Z95 * se_a)],
        "se_difference": se_diff,
        "z": z,
        "p": float(2 * scipy.stats.norm.sf(abs(z))),
        "difference_ci": [auc_a - auc_b - Z95 * se_diff, auc_a - auc_b + Z95 * se_diff],
    }


def delong_case(name, scores_a, scores_b, labels):
    scores_a, scores_b, labels = f32(scores_a), f32(scores_b), np.asarray(labels, dtype=np.int64)
    return {"name": name, "scores_a": floats(scores_a), "scores_b": floats(scores_b), "labels": ints(labels),
            **delong_reference(scores_a, scores_b, labels)}


def delong_cases(rng):
    cases = []
    for name, n, decimals, prevalence in (("small_many_ties", 40, 1, 0.4), ("medium_rounded", 1500, 2, 0.3), ("large_continuous", 3000, 6, 0.1)):
        y = rng.random(n) < prevalence
        y[:2], y[2:4] = True, False  # at least two of each class
        a = np.round(rng.normal(size=n) + 1.0 * y, decimals)
        b = np.round(0.6 * a + rng.normal(size=n) + 0.4 * y, decimals)
        cases.append(delong_case(name, a, b, y))
    return cases


def check_against_proc():
    with open(os.path.join(HERE, "proc.json")) as f:
        proc = json.load(f)
    for case in proc["cases"]:
        ours = delong_reference(f32(case["scores_a"]), f32(case["scores_b"]), np.asarray(case["labels"]))
        for key in ("auc_a", "auc_b", "se_a", "z", "p"):
            assert abs(ours[key] - case[key]) < 1e-12, (case["name"], key, ours[key], case[key])
        for key in ("ci_a", "difference_ci"):
            assert np.allclose(ours[key], case[key], rtol=0, atol=1e-12), (case["name"], key, ours[key], case[key])
    print("DeLong reference agrees with pROC", proc["proc_version"], "on", len(proc["cases"]), "cases")


# ---------------------------------------------------------------- normal distribution


def normal_values():
    """Exact values from mpmath at 60 digits (scipy's own tail is off by about 1e-14 relative at x = -20)."""
    mpmath.mp.dps = 60
    xs = [0.0, 1e-300, -1e-9, 0.3, -0.67448975, 0.7, 1.0, -1.5, 1.959963984540054, -2.5, 3.0, 4.5, -5.6, 5.7, -6.5,
          8.0, -10.0, -20.0, -37.0]
    ps = [1e-300, 1e-20, 1e-10, 1e-4, 0.01, 0.02425, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.975, 0.99, 0.995,
          0.99999, 1 - 1e-10]
    quantiles = [mpmath.findroot(lambda x, p=p: mpmath.ncdf(x) - mpmath.mpf(p), scipy.stats.norm.ppf(p)) for p in ps]
    return {
        "mpmath_version": mpmath.__version__,
        "cdf": [{"x": x, "value": float(mpmath.ncdf(x))} for x in xs],
        "quantile": [{"p": p, "value": float(q)} for p, q in zip(ps, quantiles)],
    }


def main():
    rng = np.random.default_rng(20240601)
    write("binary.json", {"cases": binary_cases(rng)})
    write("multilabel.json", {"cases": multilabel_cases(rng)})
    write("multiclass.json", {"cases": multiclass_cases(rng)})
    check_against_proc()
    write("delong.json", {"z95": float(Z95), "cases": delong_cases(rng)})
    write("normal.json", normal_values())


if __name__ == "__main__":
    main()
