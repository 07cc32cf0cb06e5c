"""The models come out the same on every x86-64 machine: OpenBLAS and NumPy are held to their AVX2 kernels."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import bot

PROBE = """
import json, os
import bot, numpy, threadpoolctl
blas = [i.get("architecture") for i in threadpoolctl.threadpool_info() if i.get("internal_api") == "openblas"]
print(json.dumps({"coretype": os.environ.get("OPENBLAS_CORETYPE"), "blas": blas,
                  "disabled": os.environ.get("NPY_DISABLE_CPU_FEATURES", "")}))
"""


def _probe(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "NPY_DISABLE_CPU_FEATURES")}
    out = subprocess.run([sys.executable, "-c", PROBE], env=clean | env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.skipif(not bot.avx2_cpu(), reason="the AVX2 kernels are chosen only on x86-64 CPUs that have them")
def test_numpy_and_openblas_use_the_avx2_kernels_on_any_x86_64_cpu() -> None:
    found = _probe()
    assert found["coretype"] == "Haswell" and set(found["blas"]) == {"Haswell"}
    assert "X86_V4" in found["disabled"].split() and "AVX512F" in found["disabled"].split()


def test_a_kernel_chosen_in_the_environment_wins() -> None:
    assert _probe(OPENBLAS_CORETYPE="Prescott")["coretype"] == "Prescott"
