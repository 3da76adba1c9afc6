"""`segue.make`: a Segue environment as a `gymnasium.Env`.

The simulator runs in Swift (libSegueC.so); this class holds a handle to it.
The library writes each observation into buffers it owns, which numpy views
without a copy. Gymnasium (1.4's check_env) requires every call to return new
arrays, so by default `reset` and `step` return copies of those views (a few
kilobytes, about a microsecond); `copy=False` returns the views themselves,
valid until the next `reset` or `step` rewrites them.
"""
import ctypes

import gymnasium
import numpy as np
from gymnasium import spaces

from ._library import SegueError, lib, text

ALLOW_PLUGINS = 1
ALLOW_WRITES = 2


def _flags(allow_plugins, allow_writes):
    return (ALLOW_PLUGINS if allow_plugins else 0) | (ALLOW_WRITES if allow_writes else 0)


def commands_for(recipe, world, seed, setup):
    """The Segue commands `make` runs: the world, the setup lines, then `env RECIPE seed=SEED`."""
    lines = []
    if world:
        lines.append("world " + world)
    if isinstance(setup, str):
        setup = setup.splitlines()
    lines += list(setup or [])
    words = recipe.split()
    if seed is not None and not any(w.startswith("seed=") for w in words):
        words.append("seed=%d" % int(seed))
    lines.append("env " + " ".join(words))
    return "\n".join(lines)


def open_handle(recipe="", world="demo", seed=None, setup=None, session=None, env="env",
                params=None, allow_plugins=False, allow_writes=False):
    """Runs Segue commands (or a session file) headless and opens one environment.

    With `session`, runs that session file (its `#! param`s from `params`) and
    opens the environment value named `env`; otherwise runs `world WORLD`, the
    `setup` lines, and `env RECIPE seed=SEED`.
    Raises SegueError with Segue's message (naming SOURCE:LINE) on failure.
    """
    library = lib()
    flags = _flags(allow_plugins, allow_writes)
    if session is not None:
        assignments = "\n".join("%s=%s" % (k, v) for k, v in (params or {}).items())
        handle = library.segue_env_open_file(str(session).encode(), assignments.encode(), env.encode(), flags)
    else:
        if params:
            raise SegueError("params= sets a session file's `#! param`s: give session= too")
        commands = commands_for(recipe, world, seed, setup)
        handle = library.segue_env_open(commands.encode(), b"<python>", b"env", flags)
    if not handle:
        raise SegueError(text(library.segue_last_error()))
    return handle


def _view(pointer, ctype, shape, dtype):
    array = np.ctypeslib.as_array(ctypes.cast(pointer, ctypes.POINTER(ctype)), shape=shape).view(dtype)
    array.flags.writeable = False
    return array


class SegueEnv(gymnasium.Env):
    """A Segue environment: pick one of C candidate tracks per step.

    Observation: `context` (float32, L), `candidates` (float32, C×F),
    `mask` (int8 0/1, C: 1 for a candidate not played yet). Action: a
    candidate index. Reward 1 for a listen, 0 for a skip. `terminated` and
    `truncated` are Segue's TimeStep's. `action_masks()` gives the mask as
    booleans (sb3-contrib's MaskablePPO), and `info["action_mask"]` too.
    """

    metadata = {"render_modes": ["ansi"]}

    def __init__(self, recipe="", world="demo", seed=1, setup=None, session=None, env="env", params=None,
                 allow_plugins=False, allow_writes=False, render_mode=None, copy=True):
        if render_mode not in (None, "ansi"):
            raise SegueError("render_mode %r is not supported: use 'ansi' or None" % (render_mode,))
        self.render_mode = render_mode
        self.copy = copy
        self._lib = lib()
        self._handle = open_handle(recipe, world, seed, setup, session, env, params, allow_plugins, allow_writes)
        specs = (ctypes.c_int64 * 5)()
        self._lib.segue_env_specs(self._handle, specs)
        self.context_length, self.candidate_count, self.feature_count, self.max_length, self.segue_seed = specs
        l, c, f = self.context_length, self.candidate_count, self.feature_count
        self.observation_space = spaces.Dict({
            "context": spaces.Box(-np.inf, np.inf, shape=(l,), dtype=np.float32),
            "candidates": spaces.Box(-np.inf, np.inf, shape=(c, f), dtype=np.float32),
            "mask": spaces.MultiBinary(c),
        })
        self.action_space = spaces.Discrete(c)
        buffer = self._lib.segue_env_buffer
        self._context = _view(buffer(self._handle, 0), ctypes.c_float, (l,), np.float32)
        self._candidates = _view(buffer(self._handle, 1), ctypes.c_float, (c, f), np.float32)
        self._mask = _view(buffer(self._handle, 2), ctypes.c_int8, (c,), np.int8)
        self._mask_bool = self._mask.view(np.bool_)
        self._reward = ctypes.c_float.from_address(buffer(self._handle, 3))
        # One call of two plain arguments a step: ctypes converts pointer
        # arguments slowly, so the flags come back as the result.
        self._play = self._lib.segue_env_play

    def _observation(self):
        obs = {"context": self._context, "candidates": self._candidates, "mask": self._mask}
        if self.copy:
            obs = {k: v.copy() for k, v in obs.items()}
        return obs

    def _info(self):
        return {"action_mask": self._mask_bool.copy() if self.copy else self._mask_bool}

    def _check(self, status):
        if status != 0:
            raise SegueError(text(self._lib.segue_env_error(self._handle)))

    def reset(self, *, seed=None, options=None):
        """Starts an episode. `seed` rebuilds the environment with that seed and
        plays its episode 0, so equal seeds give equal trajectories; without it,
        the next episode. `options={"episode": n}` plays episode n."""
        super().reset(seed=seed)
        episode = int((options or {}).get("episode", -1))
        if seed is not None and seed < 0:
            raise SegueError("seed must be ≥ 0, not %d" % seed)
        self._check(self._lib.segue_env_reset(self._handle, -1 if seed is None else int(seed), episode))
        return self._observation(), self._info()

    def step(self, action):
        """Plays candidate `action`. As in Segue, an already played candidate
        becomes the track sampler's choice of an unused one (the built-in
        sampler: the lowest unused); one outside the pool raises SegueError."""
        try:
            flags = self._play(self._handle, action)   # ints and numpy ints as they are
        except TypeError:
            flags = self._play(self._handle, int(action))
        if flags < 0:
            raise SegueError(text(self._lib.segue_env_error(self._handle)))
        if self.copy:
            obs = {"context": self._context.copy(), "candidates": self._candidates.copy(), "mask": self._mask.copy()}
            info = {"action_mask": self._mask_bool.copy(), "step_type": flags & 3}
        else:
            obs = {"context": self._context, "candidates": self._candidates, "mask": self._mask}
            info = {"action_mask": self._mask_bool, "step_type": flags & 3}
        return obs, self._reward.value, flags & 4 != 0, flags & 8 != 0, info

    def action_masks(self):
        """Candidates not played yet, as booleans (MaskablePPO's `action_masks`)."""
        return self._mask_bool.copy()

    def render(self):
        """The session so far as text ('ansi' mode)."""
        if self.render_mode != "ansi":
            return None
        return text(self._lib.segue_env_render(self._handle))

    def episode(self):
        """The episode being played and its user (-1, -1 before any reset)."""
        out = (ctypes.c_int64 * 2)()
        self._lib.segue_env_episode(self._handle, out)
        return out[0], out[1]

    def close(self):
        if getattr(self, "_handle", None):
            self._lib.segue_env_free(self._handle)
            self._handle = None

    def __del__(self):
        self.close()


def make(recipe="", seed=1, **kwargs):
    """A Segue environment from a recipe (`env`'s key=value words) on a world
    (`world=` a world spec, default "demo"), or from a session file
    (`session=PATH`, `env=NAME`, `params={...}`). See SegueEnv for the rest."""
    return SegueEnv(recipe, seed=seed, **kwargs)
