"""The benchmark cases in PyTorch (CPU, float32): what a PyTorch user writes for each Tensor Logic program.

`torch_case(kind, inputs, params)` takes the inputs as NumPy arrays (np.load of the case's files) and returns a
function of no arguments that computes the result as a tensor; layouts converted before returning are the
untimed set-up of the warm runs in peers.py, and part of the time of the end-to-end script (script.py).
"""
import math

import torch

from numpy_cases import EINSUMS

functional = torch.nn.functional


def torch_case(kind, t, p):
    t = {name: torch.from_numpy(value) for name, value in t.items()}
    if kind == "matmul":
        return lambda: t["A"] @ t["B"]
    if kind == "bmm":
        return lambda: torch.bmm(t["A"], t["B"])
    if kind == "attn-scores":
        return lambda: t["Q"] @ t["K"].transpose(-1, -2)
    if kind == "attn-weighted":
        return lambda: t["P"] @ t["V"]
    if kind == "transformer":
        return transformer(t, p)
    if kind == "mlp":
        return lambda: torch.softmax(
            functional.linear(torch.relu(functional.linear(torch.relu(functional.linear(t["X"], t["W1"], t["B1"])), t["W2"], t["B2"])), t["W3"], t["B3"]),
            dim=1)
    if kind == "conv3x3":
        # conv2d wants [batch, c, x, y] input and [o, c, dx, dy] weights. F.pad's (0, 2, 0, 2) pads the last two
        # axes on their high side only: windows past the last row or column see zeros, as in Tensor Logic.
        image = t["Img"].permute(2, 0, 1).unsqueeze(0).contiguous()
        weights = t["W"].permute(3, 2, 0, 1).contiguous()
        return lambda: torch.relu(functional.conv2d(functional.pad(image, (0, 2, 0, 2)), weights))[0].permute(1, 2, 0)
    if kind == "conv3x3-batch":
        # The same with the batch axis kept: Img[n, x, y, c] -> [n, c, x, y], and the result back to [n, x, y, o].
        images = t["Img"].permute(0, 3, 1, 2).contiguous()
        weights = t["W"].permute(3, 2, 0, 1).contiguous()
        return lambda: torch.relu(functional.conv2d(functional.pad(images, (0, 2, 0, 2)), weights)).permute(0, 2, 3, 1)
    if kind == "conv-chw":
        # Already conv2d's layout: X[c, y, x] is one image of [c, y, x], K[o, c, dy, dx] its weights.
        image = t["X"].unsqueeze(0)
        return lambda: torch.relu(functional.conv2d(functional.pad(image, (0, 2, 0, 2)), t["K"]))[0]
    if kind == "gnn":
        sources, targets, z = t["Neig"][:, 0], t["Neig"][:, 1], t["Z"]
        return lambda: torch.zeros(p["nodes"], z.shape[1]).index_add_(0, sources, z[targets])
    if kind in EINSUMS:
        expression, names = EINSUMS[kind]
        operands = [t[name] for name in names]
        return lambda: torch.einsum(expression, *operands)
    raise ValueError(f"unknown kind {kind}")


def transformer(t, p):
    seq, d, heads, dk = p["seq"], p["d"], p["heads"], p["dk"]
    x = t["X"]
    wq, wk, wv = (t[name].reshape(heads * dk, d) for name in ("WQ", "WK", "WV"))
    blocked = ~torch.tril(torch.ones(seq, seq, dtype=torch.bool))
    scale = 1 / math.sqrt(dk)

    def split(m):
        return m.reshape(seq, heads, dk).transpose(0, 1)

    def block():
        query, key, value = split(x @ wq.T), split(x @ wk.T), split(x @ wv.T)
        scores = (query @ key.transpose(1, 2) * scale).masked_fill(blocked, float("-inf"))
        attention = torch.softmax(scores, dim=-1) @ value
        merge = attention.transpose(0, 1).reshape(seq, heads * dk)
        stream1 = functional.layer_norm(merge @ t["WS"].T + x, (d,), eps=1e-5)
        hidden = torch.relu(functional.linear(stream1, t["W1"], t["B1"]))
        return functional.layer_norm(functional.linear(hidden, t["W2"], t["B2"]) + stream1, (d,), eps=1e-5)
    return block
