"""The thread count of a peer, set before NumPy or PyTorch is imported: the BLAS and OpenMP thread pools read
these variables when the libraries load, so setting them later does nothing. No imports of either library here.
"""
import os
import re
import subprocess


def use(count):
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = str(count)
    # PyTorch's OpenMP threads spin while they wait for work by default. On a machine whose cores are shared
    # (more runnable threads than cores) that spinning took a 12 ms transformer block to 170-280 ms, so idle
    # threads sleep instead unless the caller says otherwise. Recorded in every output line.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def choose_openblas_kernels():
    """Names OpenBLAS's kernels for this CPU when its own detection falls back to the generic ones, so that the
    peers run at their best. OpenBLAS 0.3.21 (Debian 12) does not know newer Xeons, and under a hypervisor that
    calls them "Intel(R) Xeon(R) Processor" it picks its SSE3 "Prescott" kernels: NumPy's 1024x1024 float32
    product took 33 ms there instead of 7.8 ms with the AVX-512 ones. Only the parent processes call this (it
    starts a probe interpreter); the scripts they start inherit the choice. A caller's OPENBLAS_CORETYPE is kept.
    Returns the kernels OpenBLAS uses, as it names them, for the report.
    """
    if "OPENBLAS_CORETYPE" not in os.environ:
        detected = _openblas_core()
        flags = _cpu_flags()
        if detected == "Prescott" and "avx512f" in flags:
            os.environ["OPENBLAS_CORETYPE"] = "SkylakeX"
        elif detected == "Prescott" and "avx2" in flags and "fma" in flags:
            os.environ["OPENBLAS_CORETYPE"] = "Haswell"
    return _openblas_core()


def _openblas_core():
    probe = subprocess.run(["/usr/bin/python3", "-c", "import numpy"], env=dict(os.environ, OPENBLAS_VERBOSE="2"),
                           capture_output=True, text=True)
    found = re.findall(r"Core: (\w+)", probe.stdout + probe.stderr)
    return found[-1] if found else "unknown"


def _cpu_flags():
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()
