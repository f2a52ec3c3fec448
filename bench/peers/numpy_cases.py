"""The benchmark cases in NumPy (float32): what a NumPy user writes for each Tensor Logic program.

`numpy_case(kind, inputs, params)` returns a function of no arguments that computes the case's result; what
it prepares before returning (index structures, views) is the untimed set-up of the warm runs in peers.py. The
end-to-end script (script.py) runs both, so there the set-up counts, as it does in a user's script.
Imports NumPy only: the end-to-end NumPy script must not pay for loading PyTorch.
"""
import math

import numpy as np


def load_inputs(folder, case):
    """The case's input files by tensor name: .npy arrays as they are, .tsv tables as int64 rows."""
    inputs = {}
    for entry in case["inputs"]:
        path = folder / entry["file"]
        if path.suffix == ".npy":
            inputs[entry["tensor"]] = np.load(path)
        else:
            inputs[entry["tensor"]] = np.loadtxt(path, dtype=np.int64, delimiter="\t", ndmin=2)
    return inputs


def layer_norm(x):
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + np.float32(1e-5))


def softmax(x):
    shifted = np.exp(x - x.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


EINSUMS = {
    "planner-pqrs": ("pi,qj,ijkl,rk,sl->pqrs", ["A", "B", "T", "C", "D"]),
    "planner-scalar": ("abc,cfd,dbe,efa->", ["A", "B", "C", "D"]),
}


def numpy_case(kind, t, p):
    if kind == "matmul":
        return lambda: t["A"] @ t["B"]
    if kind == "bmm":
        return lambda: np.matmul(t["A"], t["B"])
    if kind == "attn-scores":
        return lambda: t["Q"] @ t["K"].swapaxes(-1, -2)
    if kind == "attn-weighted":
        return lambda: t["P"] @ t["V"]
    if kind == "transformer":
        return transformer(t, p)
    if kind == "mlp":
        def mlp():
            h1 = np.maximum(t["X"] @ t["W1"].T + t["B1"], 0)
            h2 = np.maximum(h1 @ t["W2"].T + t["B2"], 0)
            return softmax(h2 @ t["W3"].T + t["B3"])
        return mlp
    if kind == "conv3x3":
        return conv(t, p)
    if kind == "conv3x3-batch":
        return conv_batch(t, p)
    if kind == "conv-chw":
        return conv_channels_first(t, p)
    if kind == "gnn":
        return gnn(t, p)
    if kind in EINSUMS:
        expression, names = EINSUMS[kind]
        operands = [t[name] for name in names]
        # NumPy caps intermediates at the largest input by default, which forbids every pairwise
        # order here; allow what TensorLogic's planner allows (PlannerOptions.MemoryCapElements, 2^28).
        path = np.einsum_path(expression, *operands, optimize=("optimal", 2 ** 28))[0]
        return lambda: np.einsum(expression, *operands, optimize=path)
    raise ValueError(f"unknown kind {kind}")


def transformer(t, p):
    seq, d, heads, dk = p["seq"], p["d"], p["heads"], p["dk"]
    x = t["X"]
    # W[h, dk, d] as one [h·dk, d] matrix, so each projection is one GEMM (views, no copies).
    wq, wk, wv = (t[name].reshape(heads * dk, d) for name in ("WQ", "WK", "WV"))
    allowed = np.tril(np.ones((seq, seq), dtype=bool))  # allowed[p, q] = q <= p, i.e. Before(q, p)
    scale = np.float32(1 / math.sqrt(dk))

    def split(m):  # [p, h·dk] -> [h, p, dk]
        return m.reshape(seq, heads, dk).transpose(1, 0, 2)

    def block():
        query, key, value = split(x @ wq.T), split(x @ wk.T), split(x @ wv.T)
        scores = np.where(allowed, (query @ key.transpose(0, 2, 1)) * scale, -np.inf).astype(np.float32)
        attention = softmax(scores) @ value
        merge = attention.transpose(1, 0, 2).reshape(seq, heads * dk)
        stream1 = layer_norm(merge @ t["WS"].T + x)
        hidden = np.maximum(stream1 @ t["W1"].T + t["B1"], 0)
        return layer_norm(hidden @ t["W2"].T + t["B2"] + stream1)
    return block


def conv(t, p):
    size = p["size"]
    image, weights = t["Img"], t["W"]

    def run():
        # F[x, y, o] = relu(Σ W[dx, dy, c, o] Img[x+dx, y+dy, c]), nothing past the high edges.
        padded = np.pad(image, ((0, 2), (0, 2), (0, 0)))
        out = np.zeros((size, size, weights.shape[3]), dtype=np.float32)
        for dx in range(3):
            for dy in range(3):
                out += padded[dx:dx + size, dy:dy + size, :] @ weights[dx, dy]
        return np.maximum(out, 0)
    return run


def conv_batch(t, p):
    batch, size, channels = p["batch"], p["size"], p["channels"]
    images, weights = t["Img"], t["W"]
    # W[dx, dy, c, o] as a [c·dx·dy, o] matrix in the order of the windows below.
    matrix = weights.transpose(2, 0, 1, 3).reshape(channels * 9, -1)

    def run():
        # Y[n, x, y, o] = relu(Σ W[dx, dy, c, o] Img[n, x+dx, y+dy, c]): im2col, then one GEMM. The windows are a
        # view [n, x, y, c, dx, dy] of the image padded with zeros on the high side; reshaping copies them once.
        padded = np.pad(images, ((0, 0), (0, 2), (0, 2), (0, 0)))
        windows = np.lib.stride_tricks.sliding_window_view(padded, (3, 3), axis=(1, 2))
        columns = windows.reshape(batch * size * size, channels * 9)
        return np.maximum(columns @ matrix, 0).reshape(batch, size, size, -1)
    return run


def conv_channels_first(t, p):
    size = p["size"]
    image, kernel = t["X"], t["K"]
    filters, channels = kernel.shape[0], kernel.shape[1]
    # K[o, c, dy, dx] as nine contiguous [o, c] matrices: NumPy hands a product to BLAS only when one stride of
    # each operand is 1, and K[:, :, dy, dx] has none; its own fallback loop took 7 s instead of 0.1 s.
    taps = np.ascontiguousarray(kernel.transpose(2, 3, 0, 1))

    def run():
        # Y[o, y, x] = relu(Σ K[o, c, dy, dx] X[c, y+dy, x+dx]): one [o, c] × [c, y·x] GEMM per kernel position,
        # over the image shifted by it (zero-padded on the high side); less memory than im2col's 9× copy.
        padded = np.pad(image, ((0, 0), (0, 2), (0, 2)))
        out = np.zeros((filters, size * size), dtype=np.float32)
        for dy in range(3):
            for dx in range(3):
                shifted = np.ascontiguousarray(padded[:, dy:dy + size, dx:dx + size]).reshape(channels, size * size)
                out += taps[dy, dx] @ shifted
        return np.maximum(out, 0).reshape(filters, size, size)
    return run


def gnn(t, p):
    edges, z = t["Neig"], t["Z"]
    # A CSR-like layout is the index structure a NumPy user builds once: edges sorted by source.
    order = np.argsort(edges[:, 0], kind="stable")
    sources, targets = edges[order, 0], edges[order, 1]
    starts = np.flatnonzero(np.r_[True, sources[1:] != sources[:-1]])
    rows = sources[starts]

    def aggregate():
        out = np.zeros((p["nodes"], z.shape[1]), dtype=np.float32)
        out[rows] = np.add.reduceat(z[targets], starts, axis=0)
        return out
    return aggregate
