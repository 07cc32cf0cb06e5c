"""Teduh: vetted mental-health information for teenagers in Indonesia."""

import os

__version__ = "0.1.0"

# Models trained from the same content must come out the same on every machine: the network is
# trained in many small steps, and OpenBLAS and NumPy choose kernels by CPU (AVX-512 or AVX2) whose
# last bits differ, which moved test figures by a message or two between two x86-64 machines.
# Where the CPU has AVX2 and FMA, both libraries are held to those kernels; this runs before
# NumPy is first imported. A value already set in the environment wins.
AVX512 = "X86_V4 AVX512_ICL AVX512_SPR AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL"  # NumPy 2.4 / older names


def avx2_cpu() -> bool:
    """Whether this is an x86-64 CPU with AVX2 and FMA (Linux's /proc/cpuinfo; False where it can't tell)."""
    if not hasattr(os, "uname") or os.uname().machine != "x86_64":
        return False
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            flags = next((line.split() for line in cpuinfo if line.startswith("flags")), [])
    except OSError:
        return False
    return "avx2" in flags and "fma" in flags


def _same_kernels_everywhere() -> None:
    if avx2_cpu():  # elsewhere a forced kernel the CPU can't run would crash
        os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")
        os.environ.setdefault("NPY_DISABLE_CPU_FEATURES", AVX512)


_same_kernels_everywhere()
