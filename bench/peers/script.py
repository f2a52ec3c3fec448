#!/usr/bin/python3
"""One peer's whole script for one case, the work a user's script does: import NumPy (or PyTorch), load the
case's input files, compute, save the result. end_to_end.py starts it as a fresh process and times all of it,
as it times `tlc run program.tl`.

  /usr/bin/python3 bench/peers/script.py numpy|pytorch CASE_FOLDER THREADS

The result goes to CASE_FOLDER/script-numpy.npy (or script-pytorch.npy) as float64, because that is what tlc
writes (docs/language.md §9): both sides then convert and write the same number of bytes.
"""
import json
import sys
from pathlib import Path

import threads

peer, folder, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
threads.use(count)  # before the imports below, which size their thread pools when they load

import numpy as np  # noqa: E402
from numpy_cases import load_inputs, numpy_case  # noqa: E402

case = json.loads((folder / "case.json").read_text())
inputs = load_inputs(folder, case)
if peer == "numpy":
    result = numpy_case(case["kind"], inputs, case["params"])()
elif peer == "pytorch":
    import torch
    from torch_cases import torch_case

    torch.set_num_threads(count)
    with torch.inference_mode():
        result = torch_case(case["kind"], inputs, case["params"])().numpy()
else:
    sys.exit(f"script.py: unknown peer '{peer}' (numpy or pytorch)")
np.save(folder / f"script-{peer}.npy", np.asarray(result, dtype=np.float64))
