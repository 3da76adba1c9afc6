"""`segue.make_vec`: N Segue environments stepped inside Swift in one call.

Environment `i` has seed `seed + i` and its own components, so its numbers do
not depend on N or on the thread count. Autoreset is Gymnasium 1.x's
next-step mode, which is Segue's own rule: the step after an episode's last
step starts the next episode, ignores its action and returns reward 0 with
terminated and truncated False. As Gymnasium's own vector environments,
`copy=True` (the default) returns copies; `copy=False` the library's buffers.
"""
import ctypes

import numpy as np
from gymnasium.vector import VectorEnv
from gymnasium.vector.utils import batch_space

from ._library import SegueError, text
from .env import SegueEnv, _view

try:
    from gymnasium.vector import AutoresetMode
    _NEXT_STEP = AutoresetMode.NEXT_STEP
except ImportError:  # Gymnasium 1.0 has only the next-step mode, without the enum
    _NEXT_STEP = "NextStep"


class SegueVectorEnv(VectorEnv):
    """`num_envs` environments of one recipe; `step(actions)` is one call into Swift."""

    metadata = {"autoreset_mode": _NEXT_STEP, "render_modes": []}

    def __init__(self, recipe="", num_envs=1, seed=1, threads=0, copy=True, **kwargs):
        self._base = SegueEnv(recipe, seed=seed, copy=False, **kwargs)
        self._lib = self._base._lib
        self._handle = self._lib.segue_vec_new(self._base._handle, int(num_envs), int(seed))
        if not self._handle:
            raise SegueError(text(self._lib.segue_last_error()))
        self.num_envs = int(num_envs)
        self.threads = int(threads)
        self.copy = copy
        self.seed_base = int(seed)
        self.parallel = bool(self._lib.segue_vec_parallel(self._handle))
        self.single_observation_space = self._base.observation_space
        self.single_action_space = self._base.action_space
        self.observation_space = batch_space(self.single_observation_space, self.num_envs)
        self.action_space = batch_space(self.single_action_space, self.num_envs)
        n, l, c, f = self.num_envs, self._base.context_length, self._base.candidate_count, self._base.feature_count
        buffer = lambda which: self._lib.segue_vec_buffer(self._handle, which)
        self._context = _view(buffer(0), ctypes.c_float, (n, l), np.float32)
        self._candidates = _view(buffer(1), ctypes.c_float, (n, c, f), np.float32)
        self._mask = _view(buffer(2), ctypes.c_int8, (n, c), np.int8)
        self._rewards = _view(buffer(3), ctypes.c_float, (n,), np.float32)
        self._step_types = _view(buffer(4), ctypes.c_int32, (n,), np.int32)
        self._terminated = _view(buffer(5), ctypes.c_int8, (n,), np.bool_)
        self._truncated = _view(buffer(6), ctypes.c_int8, (n,), np.bool_)
        self._actions = np.zeros(n, dtype=np.int64)

    def _observation(self):
        obs = {"context": self._context, "candidates": self._candidates, "mask": self._mask}
        return {k: v.copy() for k, v in obs.items()} if self.copy else obs

    def _info(self):
        mask = self._mask.view(np.bool_)
        return {"action_mask": mask.copy() if self.copy else mask}

    def reset(self, *, seed=None, options=None):
        """With `seed` (an int), environment `i` is rebuilt with seed `seed + i`
        and plays its episode 0; without, each plays its next episode."""
        super().reset(seed=seed)
        if seed is not None and not isinstance(seed, (int, np.integer)):
            raise SegueError("seed must be one int (environment i gets seed + i), not %r" % (seed,))
        if self._lib.segue_vec_reset(self._handle, -1 if seed is None else int(seed)) != 0:
            raise SegueError(text(self._lib.segue_vec_error(self._handle)))
        return self._observation(), self._info()

    def step(self, actions):
        """Steps every environment with its action (candidate indices, shape (N,))."""
        np.copyto(self._actions, actions, casting="unsafe")
        if self._lib.segue_vec_step(self._handle, self._actions.ctypes.data, self.threads) != 0:
            raise SegueError(text(self._lib.segue_vec_error(self._handle)))
        info = self._info()
        info["step_type"] = self._step_types
        rewards, terminated, truncated = self._rewards, self._terminated, self._truncated
        if self.copy:
            rewards, terminated, truncated = rewards.copy(), terminated.copy(), truncated.copy()
            info["step_type"] = self._step_types.copy()
        return self._observation(), rewards, terminated, truncated, info

    def action_masks(self):
        """Candidates not played yet, (N, C) booleans."""
        return self._mask.view(np.bool_).copy()

    def close_extras(self, **kwargs):
        if getattr(self, "_handle", None):
            self._lib.segue_vec_free(self._handle)
            self._handle = None
        self._base.close()


def make_vec(recipe="", num_envs=1, seed=1, **kwargs):
    """`num_envs` environments of `recipe` (see `segue.make`), stepped together in Swift."""
    return SegueVectorEnv(recipe, num_envs=num_envs, seed=seed, **kwargs)
