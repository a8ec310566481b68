"""scripts/make_gaming_pdfs.py loaded as a module (the hidden-text gaming suite's generator)."""

from __future__ import annotations

import importlib.util
import sys
from typing import Any

from support.paths import ROOT


def generator() -> Any:
    """The generator module, loaded once per process (it registers itself as `make_gaming_pdfs`)."""
    loaded = sys.modules.get("make_gaming_pdfs")
    if loaded is not None:
        return loaded
    spec = importlib.util.spec_from_file_location("make_gaming_pdfs", ROOT / "scripts" / "make_gaming_pdfs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_gaming_pdfs"] = module
    spec.loader.exec_module(module)
    return module
