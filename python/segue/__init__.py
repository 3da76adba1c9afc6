"""Segue from Python: Gymnasium environments over Segue's Swift simulator.

    import segue
    env = segue.make("episodes=random-pool(size=50)", world="demo", seed=1)
    vec = segue.make_vec("episodes=random-pool(size=50)", num_envs=64)

Importing the package registers `segue/Demo-v1` and `segue/Bench-v1` with
Gymnasium. See docs/python.md.
"""
import gymnasium

from ._library import SegueError, library_path
from .env import SegueEnv, make
from .vector import SegueVectorEnv, make_vec

__all__ = ["SegueError", "SegueEnv", "SegueVectorEnv", "make", "make_vec", "library_path", "DEMO", "BENCH"]

#: The demo world's environment (README "A first session").
DEMO = dict(world="demo", recipe="episodes=random-pool(size=50)")
#: The reference workload bench-workload-v1 (README "The reference workload").
BENCH = dict(world="bench",
             recipe="episodes=random-pool(size=200) end=max-length(length=20),consecutive-skips(limit=3)")

for _id, _kwargs in (("segue/Demo-v1", DEMO), ("segue/Bench-v1", BENCH)):
    if _id not in gymnasium.registry:
        gymnasium.register(id=_id, entry_point="segue.env:SegueEnv", kwargs=dict(_kwargs),
                           vector_entry_point="segue.vector:SegueVectorEnv")
