"""Finds and opens libSegueC.so, Segue's C ABI, and declares its functions.

The library is opened once per process with RTLD_GLOBAL: plugins that Segue
compiles at run time leave Segue's symbols undefined and resolve them against
this one copy, as they do against the `segue` executable (see
docs/python.md). Where it is looked for, first found wins: $SEGUE_LIB, then the
release and debug builds of the clone this package sits in
(`.build/release/libSegueC.so`, as `scripts/python-install` builds it).
"""
import ctypes
import os
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent.parent


class SegueError(Exception):
    """An error reported by Segue, with Segue's own message (and hint)."""


def library_path():
    """The path of the library this process opens (or would open)."""
    candidates = []
    if os.environ.get("SEGUE_LIB"):
        candidates.append(Path(os.environ["SEGUE_LIB"]))
    candidates += [_REPO / ".build" / "release" / "libSegueC.so", _REPO / ".build" / "debug" / "libSegueC.so"]
    for path in candidates:
        if path.is_file():
            return path
    raise SegueError(
        "libSegueC.so not found (looked at " + ", ".join(str(p) for p in candidates) + "); "
        "build it with `scripts/python-install VENV` from the clone, or set SEGUE_LIB to its path")


_lib = None

_P = ctypes.c_void_p
_S = ctypes.c_char_p
_I32 = ctypes.c_int32
_I64 = ctypes.c_int64
_SIGNATURES = {
    "segue_version": ([], _S),
    "segue_last_error": ([], _S),
    "segue_env_open": ([_S, _S, _S, _I32], _P),
    "segue_env_open_file": ([_S, _S, _S, _I32], _P),
    "segue_env_free": ([_P], None),
    "segue_env_error": ([_P], _S),
    "segue_env_specs": ([_P, ctypes.POINTER(_I64)], None),
    "segue_env_buffer": ([_P, _I32], _P),
    "segue_env_reset": ([_P, _I64, _I64], _I32),
    "segue_env_step": ([_P, _I64, ctypes.POINTER(ctypes.c_float), ctypes.POINTER(_I32),
                        ctypes.POINTER(_I32), ctypes.POINTER(_I32)], _I32),
    "segue_env_play": ([_P, _I64], _I32),
    "segue_env_render": ([_P], _S),
    "segue_env_episode": ([_P, ctypes.POINTER(_I64)], None),
    "segue_vec_new": ([_P, _I64, _I64], _P),
    "segue_vec_free": ([_P], None),
    "segue_vec_error": ([_P], _S),
    "segue_vec_parallel": ([_P], _I32),
    "segue_vec_buffer": ([_P, _I32], _P),
    "segue_vec_reset": ([_P, _I64], _I32),
    "segue_vec_step": ([_P, _P, _I32], _I32),
    "segue_cwm_input_width": ([_P, _S], _I64),
    "segue_cwm_logits": ([_P, _S, _P, _I64, _I64, _P], _I32),
    "segue_agent_values": ([_P, _S, _P], _I32),
    "segue_session_new": ([_I32], _P),
    "segue_session_free": ([_P], None),
    "segue_session_arm_interrupts": ([], None),
    "segue_session_execute": ([_P, _S], _I32),
    "segue_session_output": ([_P], _S),
    "segue_session_error": ([_P], _S),
    "segue_session_complete": ([_P, _S, _S], _S),
}


def lib():
    """The opened library, its functions declared."""
    global _lib
    if _lib is None:
        path = library_path()
        # Plugins compile against the modules of the build the library came from.
        os.environ.setdefault("SEGUE_MODULES", str(path.parent / "Modules"))
        opened = ctypes.CDLL(str(path), mode=ctypes.RTLD_GLOBAL)
        for name, (arguments, result) in _SIGNATURES.items():
            function = getattr(opened, name)
            function.argtypes = arguments
            function.restype = result
        _lib = opened
    return _lib


def text(raw):
    """A C string from the library as str."""
    return raw.decode("utf-8", "replace") if raw else ""
