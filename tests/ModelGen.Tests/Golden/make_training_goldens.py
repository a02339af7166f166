"""Generate golden TRAINING vectors for ModelGen from PyTorch.

Run from the repository root with the Debian system interpreter (which has
python3-torch and python3-numpy installed; the pyenv python3 on PATH does not):

    /usr/bin/python3 tests/ModelGen.Tests/Golden/make_training_goldens.py

The declaration parser and the nn.Sequential builder are imported from
make_forward_goldens.py, so both golden sets use the same layer mapping.

For every architecture in ARCHITECTURES below, the script

  1. seeds torch, builds the model (default PyTorch initialisation, float32),
     draws a batch of inputs with torch.randn and random valid targets,
  2. computes the mean loss on the raw logits (PyTorch default reductions):
       MultiClass  nn.CrossEntropyLoss()   targets = class indices
       Binary      nn.BCEWithLogitsLoss()  logits [batch, 1], targets 0/1
       MultiLabel  nn.BCEWithLogitsLoss()  logits [batch, K], targets 0/1
     and its gradient with respect to every parameter and to the inputs,
  3. runs six optimizers, each from the initial parameters, for 3 steps of
     (zero_grad, forward, loss, backward, step) on the same batch, and
  4. writes tests/ModelGen.Tests/Golden/training/<name>.json.

JSON schema (one file per architecture; see Golden/README.md):

    {
      "name", "declaration", "torch_version",
      "input_length":  int (C*H*W or N),
      "output_length": int (K, logits per sample),
      "target_length": int (1 for MultiClass and Binary, K for MultiLabel),
      "batch":         int,
      "parameters":    [float] initial parameters, state_dict() order, row-major,
      "inputs":        [float] batch*input_length, NCHW,
      "targets":       [float] batch*target_length (class index as a float for
                       MultiClass, 0.0/1.0 otherwise),
      "loss":          float, mean loss at the initial parameters,
      "gradient":      [float] d loss / d parameters, same layout as parameters,
      "input_gradient":[float] d loss / d inputs, same layout as inputs,
      "optimizers":    [ {name, type, hyper-parameters...,
                          "losses": [loss before step 1, 2, 3],
                          "parameters_after": [float] after 3 steps}, ... ]
    }

Every float is a float32 value widened to a Python float (written with repr),
so parsing it as a double and narrowing to float32 recovers the exact bits.
Hyper-parameters are written as the Python doubles that were passed to
torch.optim (see README: Adam computes its bias corrections in double).

Self-checks after writing each file: reload; float32 round trip and lengths;
a fresh model loaded from "parameters" reproduces "loss", "gradient" and
"input_gradient" bit for bit; a float64 central finite difference agrees with
"gradient" for a few random parameters (and with "input_gradient" for a few
random inputs away from pooling ties); each optimizer run replayed from the
file reproduces its "losses" and "parameters_after" bit for bit; and a plain
numpy float32 re-implementation of the optimizer update formulas (with the
rounding and fused-multiply-add placement documented in README.md), fed
torch's per-step gradients, reproduces "parameters_after" bit for bit.
"""

import json
import math
import os
import sys
from fractions import Fraction

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # do not leave a __pycache__ next to the scripts
sys.path.insert(0, HERE)
from make_forward_goldens import build_model, to_floats  # noqa: E402

OUT_DIR = os.path.join(HERE, "training")
BATCH = 5
STEPS = 3

# (name, seed, declaration). Declaration lines are joined with "\n".
ARCHITECTURES = [
    (
        "conv_multiclass",
        2001,
        "[Model(1, 10, 10, Task = ModelTask.MultiClass)]\n"
        "[Conv2D(4, 3, Padding = 1), ReLU, MaxPool2D(2)]\n"
        "[Conv2D(6, 3), Tanh, Flatten, Dense(12), ReLU, Dense(4)]",
    ),
    (
        "strided_binary",
        2002,
        "[Model(3, 11, 9, Task = ModelTask.Binary)]\n"
        "[Conv2D(5, 3, Stride = 2, Padding = 1), LeakyReLU(0.1f)]\n"
        "[Conv2D(6, 2), Sigmoid, AvgPool2D(2)]\n"
        "[Flatten, Dense(1)]",
    ),
    (
        "gap_multilabel",
        2003,
        "[Model(2, 8, 8, Task = ModelTask.MultiLabel)]\n"
        "[Conv2D(7, 1), Sigmoid, Conv2D(9, 3, Stride = 3)]\n"
        "[ReLU, GlobalAvgPool2D, Dense(5)]",
    ),
    (
        "pools_multiclass",
        2004,
        "[Model(2, 9, 7, Task = ModelTask.MultiClass)]\n"
        "[Conv2D(4, 2, Padding = 2), MaxPool2D(3, Stride = 2), ReLU, AvgPool2D(2, Stride = 1)]\n"
        "[Flatten, Dense(8), Tanh, Dense(3)]",
    ),
    (
        "mlp_multiclass",
        2005,
        "[Model(12, Task = ModelTask.MultiClass)]\n"
        "[Dense(16), ReLU, Dense(8), LeakyReLU(0.2f), Dense(5)]",
    ),
    (
        "mlp_binary",
        2006,
        "[Model(7, Task = ModelTask.Binary)]\n"
        "[Dense(5), Tanh, Dense(1)]",
    ),
    (
        "maxpool_ties_multilabel",
        2007,
        "[Model(1, 6, 6, Task = ModelTask.MultiLabel)]\n"
        "[MaxPool2D(2), Conv2D(3, 3, Padding = 1), ReLU, MaxPool2D(3)]\n"
        "[Flatten, Dense(2)]",
    ),
]

# Architectures whose inputs get exact ties inside every window of the first
# MaxPool2D (see make_tied_inputs).
TIED_INPUTS = {"maxpool_ties_multilabel": 2}  # name -> pool size of the first layer

# Optimizer runs, each from the initial parameters. The dicts are written to the
# JSON as they are (plus "losses" and "parameters_after").
OPTIMIZERS = [
    {"name": "sgd", "type": "sgd", "learning_rate": 0.1, "momentum": 0.0,
     "weight_decay": 0.0, "nesterov": False},
    {"name": "sgd_momentum", "type": "sgd", "learning_rate": 0.05, "momentum": 0.9,
     "weight_decay": 0.0, "nesterov": False},
    {"name": "sgd_nesterov_decay", "type": "sgd", "learning_rate": 0.05, "momentum": 0.9,
     "weight_decay": 0.01, "nesterov": True},
    {"name": "adam", "type": "adam", "learning_rate": 0.01, "beta1": 0.9, "beta2": 0.999,
     "epsilon": 1e-8, "weight_decay": 0.0},
    {"name": "adam_decay", "type": "adam", "learning_rate": 0.01, "beta1": 0.9, "beta2": 0.999,
     "epsilon": 1e-8, "weight_decay": 0.01},
    {"name": "adamw", "type": "adamw", "learning_rate": 0.01, "beta1": 0.9, "beta2": 0.999,
     "epsilon": 1e-8, "weight_decay": 0.1},
]

FD_SAMPLES = 8        # random parameters (and inputs) checked by finite differences
FD_STEP = 1e-6        # central-difference step, float64
FD_REL_TOL = 1e-4


# --------------------------------------------------------------------------
# Model, data, loss
# --------------------------------------------------------------------------

def make_optimizer(spec, params):
    if spec["type"] == "sgd":
        return torch.optim.SGD(params, lr=spec["learning_rate"], momentum=spec["momentum"],
                               dampening=0, weight_decay=spec["weight_decay"],
                               nesterov=spec["nesterov"], foreach=False)
    cls = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[spec["type"]]
    return cls(params, lr=spec["learning_rate"], betas=(spec["beta1"], spec["beta2"]),
               eps=spec["epsilon"], weight_decay=spec["weight_decay"], amsgrad=False,
               foreach=False)


def loss_fn(task):
    return nn.CrossEntropyLoss() if task == "MultiClass" else nn.BCEWithLogitsLoss()


def torch_targets(targets, task, batch):
    """Flat float list/array from the JSON -> the tensor the loss expects."""
    t = torch.tensor(np.asarray(targets, dtype=np.float32)).reshape(batch, -1)
    if task == "MultiClass":
        return t[:, 0].to(torch.int64)
    return t


def draw_targets(task, k, batch):
    """Random valid targets from the global (seeded) torch RNG; redraw until
    several classes / both values appear. Returns a float32 [batch, T] tensor."""
    while True:
        if task == "MultiClass":
            t = torch.randint(k, (batch, 1))
            if len(torch.unique(t)) >= min(k, 3):
                return t.to(torch.float32)
        else:
            t = torch.randint(2, (batch, k))
            if len(torch.unique(t)) == 2:
                return t.to(torch.float32)


# Which duplicates to create in each pooling window (row-major offsets inside
# the window that receive a copy of the window maximum). Cycled through, so the
# first maximum in row-major order lands in every position and windows with
# 2, 3 and 4 equal maxima (and a few with none forced) all occur.
_TIE_PATTERNS = [
    (1, 2),      # (0,1) and (1,0) tie: first is (0,1)
    (2, 3),      # (1,0) and (1,1): first is (1,0)
    (0, 3),      # (0,0) and (1,1): first is (0,0)
    (1, 3),      # (0,1) and (1,1)
    (0, 1, 2, 3),
    (1, 2, 3),
    (),          # no forced tie (values rounded to 0.1 may still tie)
    (0, 2),
    (2, 3),
]


def make_tied_inputs(x, pool):
    """Round to one decimal place and copy each pool x pool window's maximum
    into several positions of that window, so that exact ties occur."""
    x = torch.round(x * 10) / 10 + 0.0  # "+ 0.0" turns -0.0 into +0.0
    b, c, h, w = x.shape
    x = x.clone()
    win = 0
    for n in range(b):
        for ch in range(c):
            for i in range(0, h - pool + 1, pool):
                for j in range(0, w - pool + 1, pool):
                    block = x[n, ch, i:i + pool, j:j + pool]
                    m = block.max()
                    for off in _TIE_PATTERNS[win % len(_TIE_PATTERNS)]:
                        block[off // pool, off % pool] = m
                    win += 1
    return x


def flat_params(model):
    ps = [p.detach().reshape(-1) for p in model.state_dict().values()]
    return torch.cat(ps).numpy().astype(np.float32) if ps else np.zeros(0, np.float32)


def flat_grads(model):
    # parameters() and state_dict() share order here (only weights and biases).
    gs = [p.grad.detach().reshape(-1) for p in model.parameters()]
    return torch.cat(gs).numpy().astype(np.float32)


def load_flat(model, flat, dtype=torch.float32):
    flat = torch.tensor(np.asarray(flat, dtype=np.float32)).to(dtype)
    state, off = {}, 0
    for k, t in model.state_dict().items():
        state[k] = flat[off:off + t.numel()].reshape(t.shape)
        off += t.numel()
    assert off == flat.numel(), "parameter count mismatch"
    model.load_state_dict(state)


def fresh_model(decl, flat, dtype=torch.float32):
    torch.manual_seed(12345)  # any seed: the parameters are overwritten
    model, input_shape, task = build_model(decl)
    model = model.to(dtype)
    load_flat(model, flat, dtype)
    assert [k for k, _ in model.named_parameters()] == list(model.state_dict())
    return model, input_shape, task


def loss_and_grads(model, x, y, task, want_input_grad=False):
    """Mean loss (float32 scalar), parameter gradient, and optionally the input
    gradient. The parameter gradient is taken from a pass where the input does
    not require grad (the normal training situation)."""
    model.zero_grad(set_to_none=True)
    loss = loss_fn(task)(model(x), y)
    loss.backward()
    grad = flat_grads(model)
    gin = None
    if want_input_grad:
        xi = x.detach().clone().requires_grad_(True)
        (gin,) = torch.autograd.grad(loss_fn(task)(model(xi), y), xi)
        gin = gin.numpy().astype(np.float32).ravel()
    return np.float32(loss.item()), grad, gin


def run_optimizer(model, spec, x, y, task):
    """3 steps; returns (losses before each step, params after, per-step grads)."""
    opt = make_optimizer(spec, model.parameters())
    losses, grads = [], []
    for _ in range(STEPS):
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(task)(model(x), y)
        loss.backward()
        losses.append(np.float32(loss.item()))
        grads.append(flat_grads(model))
        opt.step()
    return losses, flat_params(model), grads


# --------------------------------------------------------------------------
# Serialisation
# --------------------------------------------------------------------------

def f32(v):
    return float(np.float32(v))


def write_json(path, obj):
    """Top-level keys one per line, arrays compact on one line; each optimizer
    run on its own line."""
    def dump(v):
        return json.dumps(v, separators=(",", ":"), allow_nan=False)

    lines = ["{"]
    keys = list(obj)
    for i, key in enumerate(keys):
        comma = "," if i < len(keys) - 1 else ""
        if key == "optimizers":
            lines.append(f"  {json.dumps(key)}: [")
            runs = obj[key]
            for r, run in enumerate(runs):
                lines.append(f"    {dump(run)}" + ("," if r < len(runs) - 1 else ""))
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {dump(obj[key])}{comma}")
    lines.append("}")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


# --------------------------------------------------------------------------
# Reference float32 optimizer arithmetic (documentation + self-check)
# --------------------------------------------------------------------------

def _round_f32(q):
    """Correctly round an exact Fraction to float32 (ties to even)."""
    d = np.float32(float(q))  # may be off by one ulp through double rounding
    if Fraction(float(d)) == q:
        return d
    up = Fraction(float(d)) < q
    other = np.nextafter(d, np.float32(np.inf if up else -np.inf), dtype=np.float32)
    da, db = abs(Fraction(float(d)) - q), abs(Fraction(float(other)) - q)
    if da < db:
        return d
    if db < da:
        return other
    return d if (d.view(np.uint32) & 1) == 0 else other


def fma32(a, b, c):
    """Elementwise float32 fused multiply-add a*b+c with a single rounding."""
    a, b, c = np.broadcast_arrays(np.float32(a) if np.isscalar(a) else a,
                                  np.float32(b) if np.isscalar(b) else b,
                                  np.float32(c) if np.isscalar(c) else c)
    out = np.empty(a.shape, np.float32)
    for i, (x, y, z) in enumerate(zip(a.ravel(), b.ravel(), c.ravel())):
        out.ravel()[i] = _round_f32(Fraction(float(x)) * Fraction(float(y)) + Fraction(float(z)))
    return out


def reference_optimizer(spec, p0, grads):
    """Replay one optimizer run in numpy float32 from the per-step gradients,
    op for op as torch 1.13's _single_tensor_sgd/_adam/_adamw on an AVX2 CPU
    build (where `x.add(y, alpha=a)` and `addcmul` are fused multiply-adds).
    All float32 arithmetic: numpy float32 ops round once per operation."""
    F = np.float32
    p = p0.astype(F).copy()
    lr, wd = spec["learning_rate"], spec["weight_decay"]
    if spec["type"] == "sgd":
        mom = spec["momentum"]
        buf = None
        for g in grads:
            d = g.astype(F)
            if wd != 0:
                d = fma32(p, F(wd), d)                      # d_p.add(param, alpha=wd)
            if mom != 0:
                if buf is None:
                    buf = d.copy()                          # clone on the first step
                else:
                    buf = (buf * F(mom)) + d                # buf.mul_(m).add_(d_p, alpha=1)
                d = fma32(buf, F(mom), d) if spec["nesterov"] else buf
            p = fma32(d, F(-lr), p)                         # param.add_(d_p, alpha=-lr)
        return p
    b1, b2, eps = spec["beta1"], spec["beta2"], spec["epsilon"]
    m = np.zeros_like(p)
    v = np.zeros_like(p)
    for step, g in enumerate(grads, start=1):
        g = g.astype(F)
        if spec["type"] == "adamw":
            p = p * F(1 - lr * wd)                          # param.mul_(1 - lr*wd)
        elif wd != 0:
            g = fma32(p, F(wd), g)                          # grad.add(param, alpha=wd)
        m = fma32(g, F(1 - b1), m * F(b1))                  # exp_avg.mul_(b1).add_(g, alpha=1-b1)
        v = fma32(F(1 - b2) * g, g, v * F(b2))              # exp_avg_sq.mul_(b2).addcmul_(g, g, value=1-b2)
        bc1 = 1 - b1 ** step                                # Python double
        bc2 = 1 - b2 ** step
        step_size = lr / bc1                                # double
        denom = (np.sqrt(v) / F(math.sqrt(bc2))) + F(eps)   # (sqrt(v)/bc2_sqrt).add_(eps)
        p = p + (F(-step_size) * m) / denom                 # addcdiv_(m, denom, value=-step_size)
    return p


# --------------------------------------------------------------------------
# Generation and self-checks
# --------------------------------------------------------------------------

def generate(name, seed, decl):
    torch.manual_seed(seed)
    model, input_shape, task = build_model(decl)
    model = model.float().train()
    x = torch.randn((BATCH,) + input_shape, dtype=torch.float32)
    if name in TIED_INPUTS:
        x = make_tied_inputs(x, TIED_INPUTS[name])
    with torch.no_grad():
        k = model(x).shape[1]
    t = draw_targets(task, k, BATCH)
    y = torch_targets(t.numpy().ravel(), task, BATCH)

    p0 = flat_params(model)
    loss, grad, gin = loss_and_grads(model, x, y, task, want_input_grad=True)

    runs = []
    for spec in OPTIMIZERS:
        m, _, _ = fresh_model(decl, p0)
        losses, p_after, grads = run_optimizer(m, spec, x, y, task)
        assert losses[0] == loss, f"{name}/{spec['name']}: first loss differs from 'loss'"
        assert np.array_equal(grads[0], grad), f"{name}/{spec['name']}: first gradient differs"
        run = dict(spec)
        run["losses"] = [f32(v) for v in losses]
        run["parameters_after"] = to_floats(p_after)
        runs.append(run)

    obj = {
        "name": name,
        "declaration": decl,
        "torch_version": torch.__version__,
        "input_length": int(np.prod(input_shape)),
        "output_length": int(k),
        "target_length": int(t.shape[1]),
        "batch": BATCH,
        "parameters": to_floats(p0),
        "inputs": to_floats(x.numpy()),
        "targets": to_floats(t.numpy()),
        "loss": f32(loss),
        "gradient": to_floats(grad),
        "input_gradient": to_floats(gin),
        "optimizers": runs,
    }
    path = os.path.join(OUT_DIR, f"{name}.json")
    write_json(path, obj)
    stats = check(path, obj, seed)
    return path, obj, task, stats


def bits_equal(a, b):
    a = np.asarray(a, dtype=np.float32)
    b = np.asarray(b, dtype=np.float32)
    return a.shape == b.shape and np.array_equal(a.view(np.uint32), b.view(np.uint32))


def check(path, orig, seed):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    assert data["name"] == orig["name"] and data["declaration"] == orig["declaration"]

    # Exact float32 round trip of everything numeric.
    for key in ("parameters", "inputs", "targets", "gradient", "input_gradient"):
        assert bits_equal(orig[key], data[key]), f"{path}: {key} not float32-exact"
        assert all(float(np.float32(v)) == v for v in data[key]), f"{path}: {key} not float32 values"
    assert float(np.float32(data["loss"])) == data["loss"]
    for a, b in zip(orig["optimizers"], data["optimizers"]):
        assert a == b, f"{path}: optimizer run {a['name']} does not round-trip"
        assert all(float(np.float32(v)) == v for v in b["parameters_after"] + b["losses"])

    # Lengths.
    B, N, K, T = data["batch"], data["input_length"], data["output_length"], data["target_length"]
    model, input_shape, task = fresh_model(data["declaration"], data["parameters"])
    n_params = sum(p.numel() for p in model.parameters())
    assert len(data["parameters"]) == n_params == len(data["gradient"])
    assert len(data["inputs"]) == B * N == len(data["input_gradient"])
    assert len(data["targets"]) == B * T
    assert T == (K if task == "MultiLabel" else 1)
    assert task != "Binary" or K == 1
    assert [r["name"] for r in data["optimizers"]] == [o["name"] for o in OPTIMIZERS]
    for r in data["optimizers"]:
        assert len(r["losses"]) == STEPS and len(r["parameters_after"]) == n_params

    # Valid targets.
    tg = np.asarray(data["targets"]).reshape(B, T)
    if task == "MultiClass":
        assert np.all((tg == np.round(tg)) & (tg >= 0) & (tg < K))
        assert len(np.unique(tg)) >= min(K, 3)
    else:
        assert set(np.unique(tg)) == {0.0, 1.0}

    # Fresh model from the file reproduces loss and gradients bit for bit.
    x = torch.tensor(np.asarray(data["inputs"], dtype=np.float32)).reshape((B,) + input_shape)
    y = torch_targets(data["targets"], task, B)
    loss, grad, gin = loss_and_grads(model, x, y, task, want_input_grad=True)
    assert np.float32(data["loss"]) == loss, f"{path}: loss not reproduced"
    assert bits_equal(grad, data["gradient"]), f"{path}: gradient not reproduced"
    assert bits_equal(gin, data["input_gradient"]), f"{path}: input_gradient not reproduced"

    # Optimizer runs replayed from the file reproduce losses and parameters.
    step_grads = []
    for run in data["optimizers"]:
        m, _, _ = fresh_model(data["declaration"], data["parameters"])
        losses, p_after, grads = run_optimizer(m, run, x, y, task)
        step_grads.append(grads)
        assert bits_equal(grads[0], data["gradient"])
        assert bits_equal(losses, run["losses"]), f"{path}: {run['name']} losses not reproduced"
        assert bits_equal(p_after, run["parameters_after"]), f"{path}: {run['name']} params not reproduced"

    # Plain float32 re-implementation of the update formulas, fed torch's
    # per-step gradients from the replay above (the first equals "gradient").
    ref_mismatch = {}
    p0 = np.asarray(data["parameters"], dtype=np.float32)
    for run, grads in zip(data["optimizers"], step_grads):
        ref = reference_optimizer(run, p0, grads)
        ref_mismatch[run["name"]] = int(np.sum(ref.view(np.uint32) !=
                                               np.asarray(run["parameters_after"], np.float32).view(np.uint32)))
    bad = {k: v for k, v in ref_mismatch.items() if v}
    if bad:
        print(f"WARNING {path}: numpy float32 optimizer replay differs from torch in {bad} "
              f"elements (different CPU build? see README)", file=sys.stderr)

    # float64 finite differences guard the script itself.
    m64, _, _ = fresh_model(data["declaration"], data["parameters"], torch.float64)
    x64, lf = x.double(), loss_fn(task)
    y64 = y if task == "MultiClass" else y.double()

    def loss64(xin=x64):
        with torch.no_grad():
            return lf(m64(xin), y64).item()

    rng = np.random.default_rng(seed)
    g = np.asarray(data["gradient"], dtype=np.float64)
    flat64 = torch.cat([p.detach().reshape(-1) for p in m64.parameters()])
    views = []
    for p in m64.parameters():
        views.extend((p, i) for i in range(p.numel()))
    worst = 0.0
    scale = np.max(np.abs(g))
    # Prefer parameters whose gradient is not tiny relative to the largest, so
    # the relative error measures the script, not float32 cancellation noise.
    candidates = np.flatnonzero(np.abs(g) > 1e-3 * scale)
    for idx in rng.choice(candidates, size=min(FD_SAMPLES, len(candidates)), replace=False):
        p, i = views[idx]
        with torch.no_grad():
            orig_v = p.view(-1)[i].item()
            p.view(-1)[i] = orig_v + FD_STEP
            up = loss64()
            p.view(-1)[i] = orig_v - FD_STEP
            dn = loss64()
            p.view(-1)[i] = orig_v
        fd = (up - dn) / (2 * FD_STEP)
        rel = abs(fd - g[idx]) / max(abs(fd), abs(g[idx]))
        worst = max(worst, rel)
        assert rel < FD_REL_TOL, f"{path}: gradient[{idx}]={g[idx]} but finite difference {fd} (rel {rel:.2e})"
    assert torch.equal(flat64, torch.cat([p.detach().reshape(-1) for p in m64.parameters()]))

    # Input gradient by finite differences, skipping inputs that sit in a tie
    # (the loss is not differentiable there; PyTorch's choice is checked below).
    gi = np.asarray(data["input_gradient"], dtype=np.float64)
    tied = np.zeros(B * N, bool)
    if data["name"] in TIED_INPUTS:
        tied = check_tie_routing(data, input_shape, TIED_INPUTS[data["name"]])
    cand = np.flatnonzero(~tied & (np.abs(gi) > 1e-3 * np.max(np.abs(gi))))
    worst_in = 0.0
    for idx in rng.choice(cand, size=min(FD_SAMPLES, len(cand)), replace=False):
        xp = x64.clone().view(-1)
        xp[idx] += FD_STEP
        up = loss64(xp.view_as(x64))
        xp[idx] -= 2 * FD_STEP
        dn = loss64(xp.view_as(x64))
        fd = (up - dn) / (2 * FD_STEP)
        rel = abs(fd - gi[idx]) / max(abs(fd), abs(gi[idx]))
        worst_in = max(worst_in, rel)
        assert rel < FD_REL_TOL, f"{path}: input_gradient[{idx}]={gi[idx]} but finite difference {fd}"

    # Whole float32 gradient against float64 autograd, for information.
    m64.zero_grad(set_to_none=True)
    lf(m64(x64), y64).backward()
    g64 = torch.cat([p.grad.reshape(-1) for p in m64.parameters()]).numpy()
    max_abs = float(np.max(np.abs(g64 - g)))
    return {"fd_worst_rel": worst, "fd_input_worst_rel": worst_in,
            "grad_vs_f64_max_abs": max_abs, "ref_mismatch": ref_mismatch,
            "tied_inputs": int(tied.sum())}


def check_tie_routing(data, input_shape, pool):
    """For the tied-input architecture (first layer MaxPool2D(pool)): within
    every pooling window the input gradient is zero everywhere except at the
    FIRST maximum in row-major order. Returns a mask of inputs that take part
    in a tie."""
    B = data["batch"]
    x = np.asarray(data["inputs"], np.float32).reshape((B,) + input_shape)
    gi = np.asarray(data["input_gradient"], np.float32).reshape(x.shape)
    tied = np.zeros(x.shape, bool)
    c, h, w = input_shape
    n_tie_windows, first_not_00, nonzero_routed = 0, 0, 0
    for n in range(B):
        for ch in range(c):
            for i in range(0, h - pool + 1, pool):
                for j in range(0, w - pool + 1, pool):
                    xb = x[n, ch, i:i + pool, j:j + pool].ravel()
                    gb = gi[n, ch, i:i + pool, j:j + pool].ravel()
                    first = int(np.argmax(xb))  # numpy argmax = first maximum
                    others = np.arange(xb.size) != first
                    assert np.all(gb[others] == 0), f"gradient not routed to the first maximum: {xb} {gb}"
                    if np.sum(xb == xb[first]) > 1:
                        n_tie_windows += 1
                        first_not_00 += first != 0
                        nonzero_routed += gb[first] != 0
                        tied[n, ch, i:i + pool, j:j + pool] = True
    # The ties must actually matter: many windows, first max in varied
    # positions, and a non-zero gradient reaching the chosen element.
    assert n_tie_windows >= 20 and first_not_00 >= 10 and nonzero_routed >= 10, \
        (n_tie_windows, first_not_00, nonzero_routed)
    return tied.ravel()


def main():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    os.makedirs(OUT_DIR, exist_ok=True)
    print(f"torch {torch.__version__}, numpy {np.__version__}")
    for name, seed, decl in ARCHITECTURES:
        path, obj, task, st = generate(name, seed, decl)
        ref_ok = "bit-exact" if not any(st["ref_mismatch"].values()) else st["ref_mismatch"]
        print(f"{name:24s} {task:10s} in={obj['input_length']:3d} out={obj['output_length']} "
              f"params={len(obj['parameters']):4d} bytes={os.path.getsize(path):7d} "
              f"loss={obj['loss']:.6f} fd_rel={st['fd_worst_rel']:.1e}/{st['fd_input_worst_rel']:.1e} "
              f"|g32-g64|={st['grad_vs_f64_max_abs']:.1e} tied_inputs={st['tied_inputs']} "
              f"numpy_replay={ref_ok}")
        for run in obj["optimizers"]:
            print(f"    {run['name']:20s} losses={['%.6f' % v for v in run['losses']]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
