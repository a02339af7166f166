"""Generate golden forward-pass vectors for ModelGen from PyTorch.

Run from the repository root with the Debian system interpreter (which has
python3-torch and python3-numpy installed; the pyenv python3 on PATH does not):

    /usr/bin/python3 tests/ModelGen.Tests/Golden/make_forward_goldens.py

For every architecture in ARCHITECTURES below, the script

  1. parses the C# attribute declaration text (exactly as it would be written
     on a ModelGen model class) into a list of layer specs,
  2. builds the equivalent torch.nn.Sequential (seeded, default PyTorch
     initialisation, float32),
  3. draws a batch of inputs with torch.randn,
  4. runs the forward pass followed by the task head (softmax for MultiClass,
     elementwise sigmoid for Binary / MultiLabel), and
  5. writes tests/ModelGen.Tests/Golden/forward/<name>.json.

The declaration string is the single source of truth: nothing about the
network shape is hard-coded anywhere else.

JSON schema (one file per architecture):

    {
      "name":          str,
      "declaration":   str   (the C# attribute text, lines joined by "\\n"),
      "torch_version": str,
      "input_length":  int   (C*H*W or N),
      "output_length": int,
      "batch":         int,
      "parameters":    [float] all parameters in state_dict() order; per layer
                       with parameters: weight (Conv2d [out,in,kh,kw] /
                       Linear [out,in]) then bias, each flattened row-major,
      "inputs":        [float] batch*input_length, row-major, NCHW,
      "outputs":       [float] batch*output_length, probabilities after head
    }

Every float is a float32 value widened to a Python float and written with
Python's repr, so parsing it as a double and narrowing to float32 (or parsing
it directly as float32 with correct rounding) recovers the exact float32 bits.

The script is deterministic and re-runnable: it overwrites the JSON files and
self-checks them (reload, bit-exact round trip, probabilities valid, outputs
reproducible from the serialised parameters).
"""

import json
import os
import re
import sys

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "forward")
BATCH = 4

# (name, seed, declaration). The seed is passed to torch.manual_seed before the
# model is built and the inputs drawn; it is not written to the JSON (the
# parameters and inputs themselves are). Declaration lines are joined with "\n".
ARCHITECTURES = [
    (
        "fashion_net",
        1001,
        "[Model(1, 28, 28, Task = ModelTask.MultiClass)]\n"
        "[Conv2D(8, 3, Padding = 1), ReLU, MaxPool2D(2)]\n"
        "[Conv2D(16, 3, Padding = 1), ReLU, MaxPool2D(2)]\n"
        "[Flatten, Dense(64), ReLU, Dense(10)]",
    ),
    (
        "strided_conv_binary",
        1002,
        "[Model(3, 17, 13, Task = ModelTask.Binary)]\n"
        "[Conv2D(5, 3, Stride = 2, Padding = 1), LeakyReLU(0.1f)]\n"
        "[Conv2D(6, 5, Stride = 1, Padding = 2), Tanh, AvgPool2D(2)]\n"
        "[Flatten, Dense(1)]",
    ),
    (
        "multilabel_gap",
        1003,
        "[Model(2, 12, 12, Task = ModelTask.MultiLabel)]\n"
        "[Conv2D(7, 1), Sigmoid, Conv2D(9, 3, Stride = 3)]\n"
        "[ReLU, GlobalAvgPool2D, Dense(6)]",
    ),
    (
        "pools_with_stride",
        1004,
        "[Model(4, 15, 11, Task = ModelTask.MultiClass)]\n"
        "[Conv2D(8, 2, Padding = 3), MaxPool2D(3, Stride = 2), ReLU, AvgPool2D(2, Stride = 1)]\n"
        "[Flatten, Dense(12), Tanh, Dense(3)]",
    ),
    (
        "vector_mlp",
        1005,
        "[Model(20, Task = ModelTask.MultiClass)]\n"
        "[Dense(32), ReLU, Dense(16), LeakyReLU(0.2f), Dense(4)]",
    ),
    (
        "big_kernel_multilabel",
        1006,
        "[Model(1, 16, 16, Task = ModelTask.MultiLabel)]\n"
        "[Conv2D(4, 7, Padding = 3), ReLU, MaxPool2D(2)]\n"
        "[Conv2D(6, 5, Stride = 2), Sigmoid, Flatten, Dense(3)]",
    ),
    (
        "vector_binary",
        1007,
        "[Model(7, Task = ModelTask.Binary)]\n"
        "[Dense(5), Tanh, Dense(1)]",
    ),
]


# --------------------------------------------------------------------------
# Parsing the attribute declaration
# --------------------------------------------------------------------------

_ATTR_LIST_RE = re.compile(r"\[([^\[\]]*)\]")
_ITEM_RE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\((.*)\))?\s*$", re.S)
_NAMED_ARG_RE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+?)\s*$", re.S)


def _split_top_level(text):
    """Split on commas that are not inside parentheses."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    if "".join(cur).strip():
        parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def _parse_value(text):
    """C# literal -> Python value: int, float (optional f/F suffix), or enum name."""
    text = text.strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    m = re.fullmatch(r"([+-]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?)[fFdD]?", text)
    if m:
        return float(m.group(1))
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", text):
        return text  # e.g. "ModelTask.MultiClass"
    raise ValueError(f"cannot parse attribute argument {text!r}")


def parse_declaration(decl):
    """Return a list of (name, positional_args, named_args) in written order."""
    items = []
    for body in _ATTR_LIST_RE.findall(decl):
        for item in _split_top_level(body):
            m = _ITEM_RE.match(item)
            if not m:
                raise ValueError(f"cannot parse attribute {item!r}")
            name, argtext = m.group(1), m.group(2)
            pos, named = [], {}
            for arg in _split_top_level(argtext or ""):
                nm = _NAMED_ARG_RE.match(arg)
                if nm:
                    named[nm.group(1)] = _parse_value(nm.group(2))
                else:
                    if named:
                        raise ValueError(f"positional after named argument in {item!r}")
                    pos.append(_parse_value(arg))
            items.append((name, pos, named))
    return items


# --------------------------------------------------------------------------
# Building the network
# --------------------------------------------------------------------------

def _layer_from_spec(name, pos, named, shape):
    """Map one attribute to torch modules, given the current (unbatched) shape.

    Returns a list of modules (GlobalAvgPool2D expands to two)."""
    def need_image():
        if len(shape) != 3:
            raise ValueError(f"{name} needs a CxHxW input, got shape {shape}")

    def stride_or(default):
        return int(named.get("Stride", default))

    if name == "Conv2D":
        need_image()
        filters, kernel = pos
        return [nn.Conv2d(shape[0], filters, kernel,
                          stride=stride_or(1), padding=int(named.get("Padding", 0)))]
    if name == "MaxPool2D":
        need_image()
        (size,) = pos
        return [nn.MaxPool2d(size, stride=stride_or(size))]
    if name == "AvgPool2D":
        need_image()
        (size,) = pos
        return [nn.AvgPool2d(size, stride=stride_or(size))]
    if name == "GlobalAvgPool2D":
        need_image()
        return [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
    if name == "Flatten":
        return [nn.Flatten()]
    if name == "Dense":
        if len(shape) != 1:
            raise ValueError(f"Dense needs a flat input, got shape {shape} (missing Flatten?)")
        (units,) = pos
        return [nn.Linear(shape[0], units)]
    if name == "ReLU":
        return [nn.ReLU()]
    if name == "LeakyReLU":
        (slope,) = pos
        return [nn.LeakyReLU(float(slope))]
    if name == "Sigmoid":
        return [nn.Sigmoid()]
    if name == "Tanh":
        return [nn.Tanh()]
    raise ValueError(f"unknown layer attribute {name}")


def build_model(decl):
    """Parse a declaration; return (nn.Sequential, input_shape, task)."""
    specs = parse_declaration(decl)
    if not specs or specs[0][0] != "Model":
        raise ValueError("declaration must start with [Model(...)]")
    _, model_pos, model_named = specs[0]
    input_shape = tuple(int(v) for v in model_pos)
    if len(input_shape) not in (1, 3):
        raise ValueError(f"Model needs (C, H, W) or (N), got {input_shape}")
    task = model_named.get("Task", "")
    task = task.split(".")[-1]
    if task not in ("MultiClass", "Binary", "MultiLabel"):
        raise ValueError(f"unknown task {task!r}")

    modules, shape = [], input_shape
    for name, pos, named in specs[1:]:
        for mod in _layer_from_spec(name, pos, named, shape):
            modules.append(mod)
            # Shape inference by a dummy pass (zeros; consumes no RNG).
            with torch.no_grad():
                shape = tuple(mod(torch.zeros((1,) + shape)).shape[1:])

    if len(shape) != 1:
        raise ValueError(f"network must end in a flat vector, got shape {shape}")
    if not isinstance(modules[-1], nn.Linear):
        raise ValueError("last layer must be Dense (the head is applied to its output)")
    if task == "Binary" and shape != (1,):
        raise ValueError("Binary task needs a final Dense(1)")
    return nn.Sequential(*modules), input_shape, task


def apply_head(logits, task):
    if task == "MultiClass":
        return torch.softmax(logits, dim=1)
    return torch.sigmoid(logits)  # Binary and MultiLabel


# --------------------------------------------------------------------------
# Serialisation
# --------------------------------------------------------------------------

def to_floats(array):
    """float32 array -> list of Python floats (exact widening of each float32)."""
    a = np.ascontiguousarray(np.asarray(array, dtype=np.float32)).ravel()
    return [float(v) for v in a]


def write_json(path, obj):
    """Top-level keys one per line; each array on a single line (compact)."""
    lines = ["{"]
    keys = list(obj)
    for i, key in enumerate(keys):
        val = json.dumps(obj[key], separators=(",", ":"), allow_nan=False)
        comma = "," if i < len(keys) - 1 else ""
        lines.append(f"  {json.dumps(key)}: {val}{comma}")
    lines.append("}")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


# --------------------------------------------------------------------------
# Generation and self-checks
# --------------------------------------------------------------------------

def generate(name, seed, decl):
    torch.manual_seed(seed)
    model, input_shape, task = build_model(decl)
    model = model.float().eval()
    x = torch.randn((BATCH,) + input_shape, dtype=torch.float32)
    with torch.no_grad():
        probs = apply_head(model(x), task)

    state = model.state_dict()
    params = np.concatenate([to_np(t) for t in state.values()]) if state else np.zeros(0, np.float32)
    obj = {
        "name": name,
        "declaration": decl,
        "torch_version": torch.__version__,
        "input_length": int(np.prod(input_shape)),
        "output_length": int(probs.shape[1]),
        "batch": BATCH,
        "parameters": to_floats(params),
        "inputs": to_floats(x.numpy()),
        "outputs": to_floats(probs.numpy()),
    }
    path = os.path.join(OUT_DIR, f"{name}.json")
    write_json(path, obj)
    check(path, obj, model, input_shape, task, state)
    return path, obj, task


def to_np(t):
    return t.detach().cpu().numpy().astype(np.float32).ravel()


def check(path, orig, model, input_shape, task, state):
    """Reload the file and verify it is exact and self-consistent."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    for key in ("parameters", "inputs", "outputs"):
        a = np.asarray(orig[key], dtype=np.float32)
        b = np.asarray(data[key], dtype=np.float32)
        assert a.shape == b.shape and np.array_equal(a.view(np.uint32), b.view(np.uint32)), \
            f"{path}: {key} does not round-trip float32 exactly"
    n_params = sum(t.numel() for t in state.values())
    assert len(data["parameters"]) == n_params
    assert len(data["inputs"]) == data["batch"] * data["input_length"]
    assert len(data["outputs"]) == data["batch"] * data["output_length"]

    out = np.asarray(data["outputs"], dtype=np.float32).reshape(data["batch"], -1)
    assert np.all(np.isfinite(out)) and np.all(out >= 0) and np.all(out <= 1), f"{path}: not probabilities"
    if task == "MultiClass":
        sums = out.astype(np.float64).sum(axis=1)
        assert np.allclose(sums, 1.0, atol=1e-6), f"{path}: softmax rows sum to {sums}"

    # Rebuild a fresh model (different seed), load the serialised parameters in
    # state_dict order, and confirm the serialised outputs are reproduced.
    torch.manual_seed(12345)
    fresh, _, _ = build_model(data["declaration"])
    flat = torch.tensor(np.asarray(data["parameters"], dtype=np.float32))
    new_state, off = {}, 0
    for k, t in fresh.state_dict().items():
        new_state[k] = flat[off:off + t.numel()].reshape(t.shape)
        off += t.numel()
    assert off == flat.numel()
    fresh.load_state_dict(new_state)
    fresh.eval()
    xin = torch.tensor(np.asarray(data["inputs"], dtype=np.float32)).reshape((data["batch"],) + input_shape)
    with torch.no_grad():
        again = apply_head(fresh(xin), task).numpy()
    assert np.array_equal(again, out), f"{path}: outputs not reproducible from serialised parameters"


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    print(f"torch {torch.__version__}, numpy {np.__version__}")
    for name, seed, decl in ARCHITECTURES:
        path, obj, task = generate(name, seed, decl)
        out = np.asarray(obj["outputs"]).reshape(obj["batch"], -1)
        print(f"{name:24s} task={task:10s} in={obj['input_length']:4d} out={obj['output_length']:3d} "
              f"params={len(obj['parameters']):6d} bytes={os.path.getsize(path):8d}  "
              f"first row={np.array2string(out[0], precision=4)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
