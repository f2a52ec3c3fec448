"""The thread count of a peer, set before NumPy or PyTorch is imported: the BLAS and OpenMP thread pools read
these variables when the libraries load, so setting them later does nothing. No imports of either library here.
"""
import os


def use(count):
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = str(count)
    # PyTorch's OpenMP threads spin while they wait for work by default. On a machine whose cores are shared
    # (more runnable threads than cores) that spinning took a 12 ms transformer block to 170-280 ms, so idle
    # threads sleep instead unless the caller says otherwise. Recorded in every output line.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
