#!/usr/bin/env python3
"""GPU throughput of Vigie's converted NanoDet ONNX model (issue "Analytics I", CUDA path).

Run on a GPU machine with the models and inputs written by `bench/gpu/prepare.mts` in DIR:
    python3 bench/gpu/nanodet_gpu.py DIR
Uses onnxruntime's CUDA execution provider when this Python's onnxruntime has it; otherwise runs the same ONNX graph
with a small PyTorch interpreter (every node of our converted graph mapped to one torch op) and checks its outputs
against onnxruntime on CPU first, so the figure is for the very model the centre runs.
"""
import glob
import json
import os
import sys
import time

import numpy as np

DIR = sys.argv[1] if len(sys.argv) > 1 else ".gpu"
BATCHES = [1, 8, 32, 64, 128, 256]
results = {"env": {}, "rows": []}


def log(*a):
    print(*a, flush=True)


def model_path(size):
    return glob.glob(os.path.join(DIR, f"nanodet-{size}-*.onnx"))[0]


def real_input(size):
    x = np.fromfile(os.path.join(DIR, f"input-{size}.f32"), dtype=np.float32)
    return x.reshape(1, 3, size, size)


def ort_reference(path, x):
    import onnxruntime as ort

    s = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    names = [o.name for o in s.get_outputs()]
    return names, s.run(names, {"input": x})


def bench_ort_cuda(size, path):
    import onnxruntime as ort

    s = ort.InferenceSession(path, providers=["CUDAExecutionProvider", "CPUExecutionProvider"])
    if s.get_providers()[0] != "CUDAExecutionProvider":
        return False
    x1 = real_input(size)
    for b in BATCHES:
        x = np.repeat(x1, b, axis=0)
        for _ in range(5):
            s.run(None, {"input": x})
        n = max(5, 200 // b)
        t = time.perf_counter()
        for _ in range(n):
            s.run(None, {"input": x})
        dt = (time.perf_counter() - t) / n
        row = {"runtime": "onnxruntime CUDA EP fp32", "size": size, "batch": b, "ms_per_batch": dt * 1e3, "fps": b / dt}
        results["rows"].append(row)
        log(json.dumps(row))
    return True


class TorchGraph:
    """Executes the ONNX graph node by node with torch ops (the op set our converter emits)."""

    def __init__(self, path, device, dtype):
        import onnx
        from onnx import numpy_helper

        import torch

        self.torch = torch
        m = onnx.load(path)
        self.g = m.graph
        self.device, self.dtype = device, dtype
        self.consts = {}
        for init in self.g.initializer:
            a = numpy_helper.to_array(init)
            t = torch.from_numpy(a.copy())
            if a.dtype == np.float32:
                t = t.to(device=device, dtype=dtype)
            self.consts[init.name] = t
        self.attrs = [{a.name: onnx.helper.get_attribute_value(a) for a in n.attribute} for n in self.g.node]
        self.outputs = [o.name for o in self.g.output]

    def __call__(self, x):
        import torch.nn.functional as F

        torch = self.torch
        env = dict(self.consts)
        env["input"] = x
        for node, at in zip(self.g.node, self.attrs):
            i = [env[n] if n else None for n in node.input]
            op = node.op_type
            if op == "Conv":
                p = at.get("pads", [0, 0, 0, 0])
                y = F.conv2d(i[0], i[1], i[2] if len(i) > 2 else None, stride=at.get("strides", [1, 1]),
                             padding=(p[0], p[1]), dilation=at.get("dilations", [1, 1]), groups=at.get("group", 1))
                assert p[0] == p[2] and p[1] == p[3], "asymmetric conv pads"
            elif op == "LeakyRelu":
                y = F.leaky_relu(i[0], at.get("alpha", 0.01))
            elif op == "MaxPool":
                p = at.get("pads", [0, 0, 0, 0])
                y = F.max_pool2d(i[0], at["kernel_shape"], at.get("strides", [1, 1]), (p[0], p[1]))
            elif op == "Add":
                y = i[0] + i[1]
            elif op == "Concat":
                y = torch.cat(i, dim=at["axis"])
            elif op == "Shape":
                y = torch.tensor(list(i[0].shape), dtype=torch.int64)
            elif op == "Slice":
                starts, ends = int(i[1][0]), int(i[2][0])
                y = i[0][starts:ends]
            elif op == "Resize":
                h, w = int(i[3][2]), int(i[3][3])
                y = F.interpolate(i[0], size=(h, w), mode="bilinear", align_corners=False)
            elif op == "Split":
                y = torch.split(i[0], [int(v) for v in i[1]], dim=at.get("axis", 0))
            elif op == "Sigmoid":
                y = torch.sigmoid(i[0])
            elif op == "Reshape":
                shape = [int(v) for v in i[1]]
                shape = [i[0].shape[k] if v == 0 else v for k, v in enumerate(shape)]
                y = i[0].reshape(shape)
            elif op == "Transpose":
                y = i[0].permute(*at["perm"])
            elif op == "Cast":  # the pixel input (uint8 NHWC) of converter version 4 models
                y = i[0].to(self.dtype)
            elif op == "Sub":
                y = i[0] - i[1]
            elif op == "Mul":
                y = i[0] * i[1]
            else:
                raise RuntimeError(f"op {op} not mapped")
            if isinstance(y, (tuple, list)):
                for name, t in zip(node.output, y):
                    env[name] = t
            else:
                env[node.output[0]] = y
        return [env[o] for o in self.outputs]


def bench_torch(size, path):
    import torch

    dev = torch.device("cuda")
    torch.backends.cudnn.benchmark = True
    x1 = real_input(size)
    names, ref = ort_reference(path, x1)
    for dtype, label in [(torch.float32, "fp32"), (torch.float16, "fp16")]:
        g = TorchGraph(path, dev, dtype)
        with torch.no_grad():
            out = g(torch.from_numpy(x1).to(dev, dtype))
        diffs = {n: float(np.abs(o.float().cpu().numpy() - r).max()) for n, o, r in zip(names, out, ref)}
        log(f"{size} {label}: max abs diff vs onnxruntime CPU", json.dumps(diffs))
        results["rows"].append({"check": f"{size} {label} torch vs ORT-CPU max abs diff", "diffs": diffs})
        host = torch.from_numpy(x1).pin_memory()
        for b in BATCHES:
            xb = host.repeat(b, 1, 1, 1).pin_memory()
            with torch.no_grad():
                for _ in range(5):
                    g(xb.to(dev, dtype, non_blocking=True))
                torch.cuda.synchronize()
                n = max(10, 400 // b)
                t = time.perf_counter()
                for _ in range(n):
                    outs = g(xb.to(dev, dtype, non_blocking=True))
                    host_outs = [o.float().cpu() for o in outs]  # results back on the host, as the centre needs
                torch.cuda.synchronize()
                dt = (time.perf_counter() - t) / n
            row = {"runtime": f"PyTorch {torch.__version__} cuDNN {label}, same ONNX graph", "size": size, "batch": b,
                   "ms_per_batch": dt * 1e3, "fps": b / dt, "includes": "host→GPU input, GPU→host outputs"}
            results["rows"].append(row)
            log(json.dumps(row))
            del host_outs
            # Ceiling: input already on the GPU, outputs left there (what a runtime overlapping copies approaches).
            xg = xb.to(dev, dtype)
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            with torch.no_grad():
                g(xg)
                torch.cuda.synchronize()
                start.record()
                for _ in range(n):
                    g(xg)
                end.record()
                torch.cuda.synchronize()
            dt = start.elapsed_time(end) / 1e3 / n
            row = {"runtime": f"PyTorch {torch.__version__} cuDNN {label}, same ONNX graph", "size": size, "batch": b,
                   "ms_per_batch": dt * 1e3, "fps": b / dt, "includes": "GPU compute only"}
            results["rows"].append(row)
            log(json.dumps(row))
            del xg


def main():
    env = results["env"]
    try:
        import onnxruntime as ort

        env["onnxruntime"] = ort.__version__
        env["ort_providers"] = ort.get_available_providers()
    except Exception as e:  # noqa: BLE001
        env["onnxruntime"] = f"missing: {e}"
        env["ort_providers"] = []
    try:
        import torch

        env["torch"] = torch.__version__
        env["gpu"] = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
    except Exception as e:  # noqa: BLE001
        env["torch"] = f"missing: {e}"
    env["node"] = os.popen("command -v node; node --version 2>/dev/null").read().strip()
    log(json.dumps(env))
    for size in (416, 320):
        path = model_path(size)
        done = False
        if "CUDAExecutionProvider" in env["ort_providers"]:
            try:
                done = bench_ort_cuda(size, path)
            except Exception as e:  # noqa: BLE001
                log(f"ORT CUDA failed: {e}")
        if env.get("gpu"):
            try:
                bench_torch(size, path)
            except Exception:  # noqa: BLE001
                import traceback

                traceback.print_exc()
        elif not done:
            log("no GPU runtime usable")
    out = os.environ.get("OUT", ".")
    with open(os.path.join(out, "nanodet_gpu.json"), "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
