"""PyTorch side of the inference benchmark: the reference CNN with ModelGen's weights, exported to ONNX and timed.

Run by `dotnet run -c Release --project tests/ModelGen.Benchmarks -- infer`, which writes the weights with
`ReferenceCnn.SaveSafetensors` and N input images (raw little-endian float32, N x 1x28x28) into a temporary
directory, then calls
    /usr/bin/python3 export_onnx.py --weights W.safetensors --input x.f32 --onnx model.onnx --output torch.f32
This script
  1. loads the safetensors file with a hand-written reader (Debian has no `safetensors` package) into the
     nn.Sequential of the reference CNN followed by Softmax, so the graph computes what `Predict` returns;
  2. exports that module with torch.onnx.export (batch 1, fixed shapes) for ONNX Runtime;
  3. writes PyTorch's probabilities for every image (N x 10), so the benchmark can compare all three;
  4. times PyTorch's batch-1 forward (torch.no_grad, one intra-op and one inter-op thread), once with the N images
     in turn and once with the first image over and over: a warm-up of --warmup seconds, then --seconds of timed
     batches of calls; prints one JSON line with the median, p10 and p90 of the microseconds per call.
Needs only Debian's python3-torch (numpy comes with it); the `onnx` Python package is not needed to export.
"""
import argparse
import json
import struct
import time

import numpy as np
import torch
from torch import nn


def load_safetensors(path):
    with open(path, "rb") as f:
        header = json.loads(f.read(struct.unpack("<Q", f.read(8))[0]))
        data = f.read()
    header.pop("__metadata__", None)
    tensors = {}
    for name, t in header.items():
        if t["dtype"] != "F32":
            raise ValueError(f"{name}: dtype {t['dtype']}, expected F32")
        start, end = t["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(data[start:end]), dtype=torch.float32).reshape(t["shape"])
    return tensors


def reference_cnn():
    # The same layers as ReferenceCnn.cs, with nn.Sequential's indices as the safetensors names.
    return nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10))


def time_calls(call, warmup_seconds, seconds):
    end = time.perf_counter() + warmup_seconds
    calls = 0
    start = time.perf_counter()
    while time.perf_counter() < end:
        call()
        calls += 1
    per_call = (time.perf_counter() - start) / max(calls, 1)
    batch = max(1, int(0.005 / per_call))  # batches of about 5 ms
    samples = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end or len(samples) < 50:
        t0 = time.perf_counter_ns()
        for _ in range(batch):
            call()
        samples.append((time.perf_counter_ns() - t0) / 1000.0 / batch)
    samples.sort()

    def percentile(p):
        return samples[min(len(samples) - 1, int(round(p * (len(samples) - 1))))]

    return {"median_us": percentile(0.5), "p10_us": percentile(0.1), "p90_us": percentile(0.9),
            "batches": len(samples), "calls_per_batch": batch}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--weights", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--onnx", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--opset", type=int, default=17)
    args = parser.parse_args()

    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    body = reference_cnn()
    body.load_state_dict(load_safetensors(args.weights))
    model = nn.Sequential(body, nn.Softmax(dim=1)).eval()
    images = np.fromfile(args.input, dtype="<f4").reshape(-1, 1, 1, 28, 28)
    xs = [torch.from_numpy(image.copy()) for image in images]

    with torch.no_grad():
        torch.cat([model(x) for x in xs]).numpy().astype("<f4").tofile(args.output)
        torch.onnx.export(model, xs[0], args.onnx, input_names=["input"], output_names=["probabilities"],
                          opset_version=args.opset, do_constant_folding=True)
        state = {"next": 0}

        def next_image():
            i = state["next"]
            state["next"] = (i + 1) % len(xs)
            return model(xs[i])

        varied = time_calls(next_image, args.warmup, args.seconds)
        same = time_calls(lambda: model(xs[0]), args.warmup, args.seconds)

    print(json.dumps({"framework": f"PyTorch {torch.__version__}", "threads": torch.get_num_threads(),
                      "opset": args.opset, "images": len(xs), "varied": varied, "same": same}))


if __name__ == "__main__":
    main()
