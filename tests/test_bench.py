"""`teduh bench --json` runs and reports every figure (the figures themselves are not asserted: no timing in tests)."""

from __future__ import annotations

import json
import math

KEYS = {"pipeline_msgs_per_s", "pipeline_p50_ms", "pipeline_p99_ms", "e2e_replies_per_s", "echo_replies_per_s",
        "e2e_ratio", "rss_mb", "startup_s", "import_s", "startup_vs_import"}


def test_bench_reports_every_figure(teduh) -> None:
    result = teduh("bench", "--json", timeout=300)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert KEYS <= set(figures)
    assert all(isinstance(figures[k], float | int) and math.isfinite(figures[k]) and figures[k] > 0 for k in KEYS)
    assert figures["pipeline_messages"] == 3 * 696 and figures["e2e_messages"] == 1000
