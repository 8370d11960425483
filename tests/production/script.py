"""scripts/production_local.py (``make production-local``) for the tests that use it:
the two-node shape (tests/production/test_two_nodes.py) and the collectstatic check of
tests/test_foundation.py, which share one collectstatic output (``STATIC_ROOT``)."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "production_local.py"
RUNS = ROOT / "var" / "production-test"
# collectstatic's output for the tests: made once per change of the static sources
# (production_local's fingerprint stamp), under a lock, by whichever test comes first.
STATIC_ROOT = RUNS / "static"


def load():
    """The script as a module (scripts/ is no package), loaded once."""
    name = "jena_smart_production_local_script"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, SCRIPT)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
