#!/usr/bin/python3
"""The training case of make_train.py in PyTorch on the GPU (CPU without CUDA): the same model, loss, Adam,
learning rate, batch and epochs as train.tl. Not the same initial values or batch order as tlc's (bench/learning
matches those for a 1,797-example set; here only time per epoch is compared, and the losses only roughly).

  /usr/bin/python3 bench/gpu/torch_train.py --dir DIR

Prints one JSON line: per-epoch loss and cumulative seconds (synchronized at each epoch's end).
"""
import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    folder = Path(args.dir)
    settings = json.loads((folder / "train.json").read_text())
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.manual_seed(1)
    x = torch.from_numpy(np.load(folder / "x.npy")).to(device)
    y = torch.from_numpy(np.load(folder / "y.npy")).to(device)
    hidden, inputs, classes = settings["hidden"], settings["inputs"], settings["classes"]

    def uniform(*shape, fan_in):  # Glorot-like; the time does not depend on it
        bound = 1 / fan_in ** 0.5
        return ((torch.rand(*shape, device=device) * 2 - 1) * bound).requires_grad_()
    p = dict(W1=uniform(hidden, inputs, fan_in=inputs), B1=uniform(hidden, fan_in=inputs),
             W2=uniform(classes, hidden, fan_in=hidden), B2=uniform(classes, fan_in=hidden))
    optimizer = torch.optim.Adam(p.values(), lr=settings["lr"])
    examples, batch = x.shape[0], settings["batch"]
    epochs = []
    if device.type == "cuda":
        torch.cuda.synchronize()
    clock = time.perf_counter()
    for epoch in range(settings["epochs"]):
        order = torch.randperm(examples, device=device)
        total = torch.zeros((), device=device)
        for start in range(0, examples, batch):
            rows = order[start:start + batch]
            h = torch.relu(x[rows] @ p["W1"].T + p["B1"])
            o = torch.softmax(h @ p["W2"].T + p["B2"], dim=-1)
            loss = (-(y[rows] * torch.log(o + 1e-9)).sum(dim=1)).mean()   # Loss avg= CrossEntropy[e]
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.detach() * len(rows)
        loss_value = float(total) / examples   # the float() synchronizes
        epochs.append({"epoch": epoch + 1, "train_loss": loss_value, "elapsed_seconds": time.perf_counter() - clock})
    print(json.dumps({"case": "mlp-train", "peer": "pytorch", "device": device.type, "version": torch.__version__,
                      **settings, "log": epochs}), flush=True)


if __name__ == "__main__":
    main()
