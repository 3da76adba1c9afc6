"""Drives the `segue` Jupyter kernel with jupyter_client as a notebook would
(optional: scripts/test-kernel; needs ipykernel and jupyter_client, not in CI):
outputs in the cell, completion from the registry, an interrupt that stops
training cleanly with the kernel alive, and a notebook saved as a session file
that `segue check` replays. Prints 'N passed, N failed'."""
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from jupyter_client.manager import start_new_kernel

REPO = Path(__file__).resolve().parents[2]
checks = []


def check(name, ok, detail=""):
    checks.append(ok)
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + str(detail)[:2000]), flush=True)


def run(client, code, timeout=120):
    """Executes `code`; returns (status, stdout, stderr) gathered from iopub."""
    msg_id = client.execute(code)
    out, err = [], []
    while True:
        msg = client.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            (out if msg["content"]["name"] == "stdout" else err).append(msg["content"]["text"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    return reply_to(client, msg_id, timeout)["status"], "".join(out), "".join(err)


def reply_to(client, msg_id, timeout=30):
    """The shell reply to request `msg_id` (earlier replies skipped)."""
    while True:
        reply = client.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]


def complete(client, code):
    content = reply_to(client, client.complete(code, len(code)))
    return content.get("matches", content)


def main():
    folder = Path(tempfile.mkdtemp(prefix="segue-kernel-"))
    os.chdir(folder)
    manager, client = start_new_kernel(kernel_name="segue")
    try:
        status, out, _ = run(client, "world demo tracks=300 users=60 sessions=300\nenv episodes=random-pool(size=20) seed=1")
        check("a cell runs commands and shows their output", status == "ok" and "world:" in out and "env:" in out, out)

        status, out, _ = run(client, "compare random greedy episodes=20\nplot compare")
        check("compare and a text plot in the cell", status == "ok" and "random" in out and "greedy" in out, out)

        matches = complete(client, "comp")
        check("completion of a command", "compare" in matches, matches)
        matches = complete(client, "env episodes=random-pool(si")
        check("completion of a component's parameter key", "size=" in matches, matches)

        status, _, err = run(client, "env episodes=random-pool(sise=20)")
        check("an error is an error reply with Segue's message", status == "error" and "sise" in err, err)

        run(client, "a = agent ahdqn")
        timer = threading.Timer(4.0, manager.interrupt_kernel)
        timer.start()
        start = time.time()
        status, out, err = run(client, "train a steps=2000000 every=100000", timeout=300)
        timer.cancel()
        check("an interrupt stops training cleanly", time.time() - start < 120 and status == "ok"
              and "interrupted between updates" in out, (status, out, err))
        status, out, _ = run(client, "vars")
        check("the kernel lives on with its values", status == "ok" and "a" in out and "world" in out, out)

        status, out, err = run(client, "save notebook --force")
        saved = folder / "Sessions" / "notebook.segue"
        check("save writes the notebook as a session file, the interrupt marked",
              status == "ok" and saved.exists() and "#! interrupt" in saved.read_text(), (out, err))
        segue = REPO / ".build" / "release" / "segue"
        result = subprocess.run([str(segue), "check", str(saved.relative_to(folder))], capture_output=True, text=True)
        check("segue check replays it", result.returncode == 0, result.stdout + result.stderr)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    print("%d passed, %d failed" % (checks.count(True), checks.count(False)))
    return 0 if all(checks) else 1


if __name__ == "__main__":
    sys.exit(main())
