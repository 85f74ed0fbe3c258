"""The batch's process pool: what the workers share from the parent (benchmarks/README.md)."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
from lkip_xls import api, batch
batch._share_with_workers(api.{worker}, api.Options(lang="{lang}"))
print("lkip_xls.outputs.summary" in sys.modules, "lkip_xls.outputs.hasil.annotate" in sys.modules,
      "babel" in sys.modules)
"""


@pytest.mark.parametrize("worker, lang, locale, expected", [
    ("process_file", "id", "id_ID", "True True False"),  # numbers are formatted without Babel (text.format)
    ("process_file", "en", "en_US", "True True False"),
    ("check_file", "id", "id_ID", "False False False"),  # check writes nothing: the writers stay unloaded
])
def test_the_parent_loads_once_what_every_forked_worker_needs(worker, lang, locale, expected):
    probe = PROBE.format(worker=worker, lang=lang, locale=locale)
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.split() == expected.split()
