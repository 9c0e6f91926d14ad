"""Runlens tracer entry point: python -X utf8 runlens_tracer.py (config on fd 4, records on fd 3)."""
import os
import sys

if sys.version_info < (3, 8):
    sys.stderr.write("runlens: Python %d.%d.%d is too old (Runlens needs 3.8 or newer)\n" % tuple(sys.version_info[:3]))
    sys.exit(3)

_here = os.path.dirname(os.path.abspath(__file__))
if not sys.path or sys.path[0] != _here:
    sys.path.insert(0, _here)
_dwb = sys.dont_write_bytecode
sys.dont_write_bytecode = False  # cache the tracer's own bytecode even under PYTHONDONTWRITEBYTECODE
try:
    from runlens.runner import main  # noqa: E402
finally:
    sys.dont_write_bytecode = _dwb
del _here, _dwb
main()
