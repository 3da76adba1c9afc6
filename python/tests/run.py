"""Runs every `test_*` function of the test modules here without pytest (CI
installs gymnasium and numpy only) and prints 'N passed, N failed'. A module
whose SKIP is set (an optional package it needs is missing) is skipped, with
its reason printed, and counted in ', N skipped'.

    python python/tests/run.py [NAME-SUBSTRING...]
"""
import importlib.util
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(filters):
    passed = failed = skipped = 0
    for path in sorted(HERE.glob("test_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if getattr(module, "SKIP", None):
            names = [n for n in dir(module) if n.startswith("test_") and (not filters or any(f in n for f in filters))]
            skipped += len(names)
            if names:
                print("skip %s (%d tests): %s" % (path.stem, len(names), module.SKIP))
            continue
        for name in sorted(n for n in dir(module) if n.startswith("test_")):
            if filters and not any(f in name for f in filters):
                continue
            start = time.time()
            try:
                getattr(module, name)()
            except Exception:
                failed += 1
                print("FAIL %s.%s" % (path.stem, name))
                traceback.print_exc()
            else:
                passed += 1
                print("ok   %s.%s (%.1f s)" % (path.stem, name, time.time() - start))
            sys.stdout.flush()
    print("%d passed, %d failed" % (passed, failed) + (", %d skipped" % skipped if skipped else ""))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
