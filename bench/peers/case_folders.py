"""The case folders that `TensorLogic.Bench prepare` wrote, in the suite's order. Standard library only, so that
the end-to-end runner can list them without loading NumPy or PyTorch.
"""
import json
from pathlib import Path


def selected(case, pattern):
    """The harness's --case rule: a name, a family (the kind, or a name before "-") or a comma-separated list."""
    if not pattern:
        return True
    names = [n.strip() for n in pattern.split(",") if n.strip()]
    return any(case["name"] == n or case["kind"] == n or case["name"].startswith(n + "-") for n in names)


def find(root, pattern):
    """(folder, case.json as a dict) of each case under root that matches pattern, in the order of the suite."""
    cases = []
    for manifest in Path(root).glob("*/case.json"):
        case = json.loads(manifest.read_text())
        if selected(case, pattern):
            cases.append((case["order"], manifest.parent, case))
    cases.sort(key=lambda c: c[0])
    return [(folder, case) for _, folder, case in cases]
