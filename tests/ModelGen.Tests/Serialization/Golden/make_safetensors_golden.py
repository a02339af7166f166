"""Write safetensors files with PyTorch, for ModelGen's interchange tests.

Run from the repository root with the Debian system interpreter (python3-torch 1.13):

    /usr/bin/python3 tests/ModelGen.Tests/Serialization/Golden/make_safetensors_golden.py

Debian has no python3-safetensors package, so the script writes the format itself, exactly as the reference
implementation (safetensors.torch.save_file) does: an 8-byte little-endian header length; a compact JSON header
with "__metadata__" first and the tensors sorted by name, each with "dtype", "shape" and "data_offsets" (byte
offsets into the data that follows the header); the header padded with spaces to a multiple of 8 bytes; then
the tensors' bytes in that order.

It writes, beside itself:

  fashion_net.safetensors   the state_dict of FashionNet's nn.Sequential (seed 3001), F32, metadata format=pt
  fashion_net.json          what a reader must find in it: per tensor its name, shape, first and last values and
                            sum; the SHA-256 of all parameters as float32 little-endian bytes in state_dict order;
                            one fixed input (1x28x28) and the softmax probabilities PyTorch computes for it
  tiny_binary_*.safetensors TinyBinary's layers (Linear(5,3), LeakyReLU(0.2), Linear(3,1)), seed 3002: once held
                            as the attribute `features` (names "features.0.weight", ...), and once each as F16,
                            BF16 and F64
  tiny_binary.json          the float32 parameters a reader must get from each of those files, and their prefix

Every float in the JSON is a float32 value written with Python's repr of the widened double, so parsing it as a
double and narrowing to float recovers the exact bits. The script is deterministic; after writing, it reads every
file back with the loader below (load_safetensors) into a fresh torch model and checks it.

To load a safetensors file written by ModelGen into PyTorch (for the README):

    # With the safetensors package (pip install safetensors):
    from safetensors.torch import load_file
    model.load_state_dict(load_file("fashion.safetensors"))

    # Without it, the format is simple enough to read by hand:
    import json, struct, torch
    def load_safetensors(path):
        with open(path, "rb") as f:
            header = json.loads(f.read(struct.unpack("<Q", f.read(8))[0]))
            data = f.read()
        header.pop("__metadata__", None)
        return {name: torch.frombuffer(bytearray(data[t["data_offsets"][0]:t["data_offsets"][1]]),
                                       dtype=torch.float32).reshape(t["shape"])
                for name, t in header.items()}
    model.load_state_dict(load_safetensors("fashion.safetensors"))

`model` must be the nn.Sequential with the same layers as the ModelGen declaration (see the README's layer
table); for a model that holds it as an attribute, save from ModelGen with namePrefix "features." (or whatever
the attribute is called, plus the dot).
"""

import hashlib
import json
import os
import struct
import sys

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))

DTYPE_NAMES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64"}
RAW_VIEW = {2: torch.int16, 4: torch.int32, 8: torch.int64}
TORCH_DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64}


def save_safetensors(state_dict, path, metadata):
    """Writes tensors as safetensors.torch.save_file would (all tensors here share one dtype, so the reference's
    sort by descending alignment, then name, is a sort by name)."""
    header = {"__metadata__": metadata}
    blobs, offset = [], 0
    for name in sorted(state_dict):
        tensor = state_dict[name].detach().contiguous()
        # Raw bytes through an integer view of the same width: numpy has no bfloat16.
        data = tensor.view(RAW_VIEW[tensor.element_size()]).numpy().tobytes()
        header[name] = {"dtype": DTYPE_NAMES[tensor.dtype], "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for data in blobs:
            f.write(data)


def load_safetensors(path):
    """The README's loader, generalised to the dtypes this script writes."""
    with open(path, "rb") as f:
        header = json.loads(f.read(struct.unpack("<Q", f.read(8))[0]))
        data = f.read()
    header.pop("__metadata__", None)
    tensors = {}
    for name, t in header.items():
        begin, end = t["data_offsets"]
        dtype = TORCH_DTYPES[t["dtype"]]
        raw = torch.frombuffer(bytearray(data[begin:end]), dtype=RAW_VIEW[torch.empty(0, dtype=dtype).element_size()])
        tensors[name] = raw.view(dtype).reshape(t["shape"])
    return tensors


def fashion_net():
    return nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10))


class TinyBinaryFeatures(nn.Module):
    """TinyBinary's layers held as an attribute, as many PyTorch models hold theirs."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Linear(5, 3), nn.LeakyReLU(0.2), nn.Linear(3, 1))

    def forward(self, x):
        return torch.sigmoid(self.features(x))


def floats(tensor):
    return [float(v) for v in tensor.detach().float().reshape(-1).tolist()]


def write_json(name, value):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(value, f, indent=1)
        f.write("\n")


def make_fashion_net():
    torch.manual_seed(3001)
    model = fashion_net().eval()
    image = torch.rand(1, 1, 28, 28)
    with torch.no_grad():
        probabilities = torch.softmax(model(image), dim=1)
    state = model.state_dict()
    path = os.path.join(HERE, "fashion_net.safetensors")
    save_safetensors(state, path, {"format": "pt"})
    all_bytes = b"".join(t.contiguous().numpy().astype("<f4").tobytes() for t in state.values())
    write_json("fashion_net.json", {
        "torch_version": torch.__version__,
        "seed": 3001,
        "tensors": [{"name": n, "shape": list(t.shape), "first": floats(t)[0], "last": floats(t)[-1],
                     "sum": float(t.double().sum())} for n, t in state.items()],
        "parameters_sha256": hashlib.sha256(all_bytes).hexdigest(),
        "input": floats(image),
        "outputs": floats(probabilities),
    })

    reloaded = fashion_net().eval()
    reloaded.load_state_dict(load_safetensors(path), strict=True)
    with torch.no_grad():
        assert torch.equal(torch.softmax(reloaded(image), dim=1), probabilities)
    assert list(state) == ["0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias", "9.weight", "9.bias"]


def make_tiny_binary():
    torch.manual_seed(3002)
    model = TinyBinaryFeatures()
    plain = {k[len("features."):]: v for k, v in model.state_dict().items()}
    files = {}

    path = os.path.join(HERE, "tiny_binary_features.safetensors")
    save_safetensors(model.state_dict(), path, {"format": "pt"})
    files["tiny_binary_features.safetensors"] = {
        "prefix": "features.", "parameters": [v for t in plain.values() for v in floats(t)]}
    reloaded = TinyBinaryFeatures()
    reloaded.load_state_dict(load_safetensors(path), strict=True)
    assert all(torch.equal(a, b) for a, b in zip(reloaded.state_dict().values(), model.state_dict().values()))

    for dtype, suffix in [(torch.float16, "f16"), (torch.bfloat16, "bf16"), (torch.float64, "f64")]:
        name = f"tiny_binary_{suffix}.safetensors"
        converted = {k: v.to(dtype) for k, v in plain.items()}
        save_safetensors(converted, os.path.join(HERE, name), {"format": "pt"})
        files[name] = {"prefix": "", "parameters": [v for t in converted.values() for v in floats(t)]}
        back = load_safetensors(os.path.join(HERE, name))
        assert all(torch.equal(back[k], converted[k]) for k in converted)

    write_json("tiny_binary.json", {"torch_version": torch.__version__, "seed": 3002, "files": files})


def main():
    assert sys.byteorder == "little", "the raw tensor bytes are written in this machine's order"
    make_fashion_net()
    make_tiny_binary()
    print("wrote the safetensors goldens in", HERE)


if __name__ == "__main__":
    main()
