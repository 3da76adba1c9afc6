"""A Jupyter kernel for Segue's command language (optional: `pip install -e
'python/[kernel]'`, then `python -m segue.kernel install`).

A cell holds Segue commands, one a line, run in one Segue session as the shell
runs them: outputs and plots (text) appear in the cell, Tab completes from the
same registry as the shell, and Jupyter's interrupt stops long work (training,
rollouts) cleanly between steps, keeping every value. `save NAME` in a cell
writes Sessions/NAME.segue from the cells so far, which `segue check` replays.
As in the shell, where the person types the commands, the session may load
plugins and write files anywhere.
"""
import json
import os
import shutil
import sys
import tempfile

from ipykernel.kernelbase import Kernel

from ._library import lib, text
from .env import ALLOW_PLUGINS, ALLOW_WRITES

_BREAKS = " =(,"


class SegueKernel(Kernel):
    implementation = "segue"
    implementation_version = "0.1"
    language = "segue"
    language_version = "1"
    language_info = {"name": "segue", "mimetype": "text/x-segue", "file_extension": ".segue"}
    banner = "Segue: simulation-based RL on music-listening sessions"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._lib = lib()
        self._session = self._lib.segue_session_new(ALLOW_PLUGINS | ALLOW_WRITES)

    def _send(self, name, body):
        if body and not self.silent:
            self.send_response(self.iopub_socket, "stream", {"name": name, "text": body + "\n"})

    def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False, **kwargs):
        self.silent = silent
        for line in code.splitlines():
            if not line.strip() or line.strip().startswith("#"):
                continue
            self._lib.segue_session_arm_interrupts()
            status = self._lib.segue_session_execute(self._session, line.encode())
            self._send("stdout", text(self._lib.segue_session_output(self._session)))
            if status != 0:
                message = text(self._lib.segue_session_error(self._session))
                self._send("stderr", message)
                return {"status": "error", "execution_count": self.execution_count, "ename": "SegueError",
                        "evalue": message, "traceback": [message]}
        return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}

    def do_complete(self, code, cursor_pos):
        line_start = code.rfind("\n", 0, cursor_pos) + 1
        line = code[line_start:cursor_pos]
        start = max(line.rfind(c) for c in _BREAKS) + 1
        word, before = line[start:], line[:start]
        raw = text(self._lib.segue_session_complete(self._session, word.encode(), before.encode()))
        matches = [m for m in raw.split("\n") if m]
        return {"status": "ok", "matches": matches, "cursor_start": line_start + start, "cursor_end": cursor_pos,
                "metadata": {}}

    def do_shutdown(self, restart):
        if self._session:
            self._lib.segue_session_free(self._session)
            self._session = None
        return {"status": "ok", "restart": restart}


def install(prefix=None, user=False):
    """Installs the kernel spec `segue` (for this Python) with jupyter_client."""
    from jupyter_client.kernelspec import KernelSpecManager
    folder = tempfile.mkdtemp()
    try:
        with open(os.path.join(folder, "kernel.json"), "w") as f:
            json.dump({"argv": [sys.executable, "-m", "segue.kernel", "-f", "{connection_file}"],
                       "display_name": "Segue", "language": "segue", "interrupt_mode": "signal"}, f, indent=1)
        return KernelSpecManager().install_kernel_spec(folder, "segue", user=user,
                                                       prefix=None if user else (prefix or sys.prefix))
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    if sys.argv[1:2] == ["install"]:
        print("installed kernel spec segue in", install(user="--user" in sys.argv))
    else:
        from ipykernel.kernelapp import IPKernelApp
        IPKernelApp.launch_instance(kernel_class=SegueKernel)
