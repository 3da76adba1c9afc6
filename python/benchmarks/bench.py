"""Segue from Python, measured: one environment with random valid actions
chosen in Python, against gymnasium's own loop over a numpy stand-in of the
workload; and the vector environment (N = 64) against `segue-bench workload`'s
Swift-only figures. Prints one JSON object a line (name, value, unit, note).

    python python/benchmarks/bench.py [--steps N] [--segue-bench PATH]
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import segue  # noqa: E402
from numpy_workload import NumpyWorkload  # noqa: E402


def figure(name, value, unit, note):
    print(json.dumps({"name": name, "value": round(value, 3), "unit": unit, "note": note}), flush=True)


def single(env, steps, seed):
    """Steps per second of `steps` steps, random valid actions chosen in Python
    (a uniform draw, made in advance, picks among the mask's candidates, listed
    by the mask's own `nonzero`: `np.flatnonzero` gives the same indices through
    two Python-level wrappers, about 1.2 µs a step that neither environment
    spends); resets counted in the time. Returns steps per wall-clock second
    and per CPU second of this thread (`time.thread_time`: what other
    processes on a busy machine take does not count; worker threads, such as
    numpy's BLAS pool, do not either, which can only favour the reference)."""
    uniforms = np.random.default_rng(seed).random(steps).tolist()
    obs, info = env.reset(seed=seed)
    listens = 0
    start, cpu = time.perf_counter(), time.thread_time()
    for u in uniforms:
        valid = info["action_mask"].nonzero()[0]
        obs, reward, terminated, truncated, info = env.step(valid[int(u * len(valid))])
        listens += reward
        if terminated or truncated:
            obs, info = env.reset()
    return steps / (time.perf_counter() - start), steps / (time.thread_time() - cpu), listens


def vector(vec, steps, seed):
    """Environment steps per second of `steps` calls of vec.step (N steps each)."""
    rng = np.random.default_rng(seed)
    obs, info = vec.reset(seed=seed)
    start = time.perf_counter()
    for _ in range(steps):
        scores = rng.random(info["action_mask"].shape)
        scores[~info["action_mask"]] = -1
        obs, rewards, terminated, truncated, info = vec.step(scores.argmax(axis=1))
    return steps * vec.num_envs / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=20_000)
    parser.add_argument("--segue-bench", default=None, help="the segue-bench binary (default: next to libSegueC.so)")
    args = parser.parse_args()
    cores = os.cpu_count()

    rate, cpu_rate, _ = single(NumpyWorkload(), args.steps, 2)
    figure("numpy_reference_steps_per_s", rate, "steps/s", "gymnasium loop over the numpy stand-in of the workload, %d steps" % args.steps)
    figure("numpy_reference_steps_per_cpu_s", cpu_rate, "steps/s", "the same per CPU second of the loop's thread")
    base, cpu_base = rate, cpu_rate
    for copy in (True, False):
        env = segue.make(seed=2, copy=copy, **segue.BENCH)
        rate, cpu_rate, listens = single(env, args.steps, 2)
        name = "python_env_steps_per_s" + ("" if copy else "_zero_copy")
        figure(name, rate, "steps/s", "segue.make bench, copy=%s, %d steps, %d listens; %.2fx the numpy reference"
               % (copy, args.steps, listens, rate / base))
        figure(name.replace("per_s", "per_cpu_s"), cpu_rate, "steps/s",
               "the same per CPU second; %.2fx the numpy reference's" % (cpu_rate / cpu_base))
        env.close()

    vec = segue.make_vec(num_envs=64, seed=2, copy=False, **segue.BENCH)
    calls = max(args.steps // 64, 50)
    vector(vec, 20, 1)   # warm up the worker threads
    rate64 = vector(vec, calls, 2)
    figure("python_vec64_steps_per_s", rate64, "steps/s", "make_vec bench N=64, %d calls, %d cores, copy=False" % (calls, cores))
    vec1 = segue.make_vec(num_envs=64, seed=2, copy=False, threads=1, **segue.BENCH)
    rate64_1 = vector(vec1, calls, 2)
    figure("python_vec64_steps_per_s_1_thread", rate64_1, "steps/s", "the same on one thread")

    binary = args.segue_bench or os.path.join(os.path.dirname(str(segue.library_path())), "segue-bench")
    if os.path.exists(binary):
        out = subprocess.run([binary, "workload", "--numerics", "portable"], capture_output=True, text=True).stdout
        swift = {f["name"]: f for f in map(json.loads, (l for l in out.splitlines() if l.startswith("{")))}
        for name in ("env_steps_per_s", "env_steps_per_s_parallel"):
            if name in swift:
                figure("swift_" + name, swift[name]["value"], "steps/s", "segue-bench workload, same run: " + swift[name]["note"])
        if "env_steps_per_s_parallel" in swift:
            figure("python_vec64_over_swift_parallel", rate64 / swift["env_steps_per_s_parallel"]["value"], "ratio",
                   "goal ≥ 0.5")
    else:
        print("no segue-bench at %s: build it (scripts/build -c release) for the Swift baseline" % binary, file=sys.stderr)


if __name__ == "__main__":
    main()
