"""TF-Agents from Segue: a `PyEnvironment` over a Segue environment.

    from segue.tf_agents import SeguePyEnvironment, make_tf_environment
    env = SeguePyEnvironment(**segue.DEMO, seed=1)      # or SeguePyEnvironment(segue.make(...))
    tf_env = make_tf_environment(**segue.DEMO, seed=1)  # the same, in a TFPyEnvironment

TF-Agents and TensorFlow are an optional extra (`pip install -e 'python/[tf-agents]'`,
or `scripts/python-extras`); `import segue` never imports them, only importing
this module does.

Observations are a dict of `context` (float32, L), `candidates` (float32, C×F)
and `mask` (int8 0/1, C: 1 for a candidate not played yet); the action is a
scalar int64 candidate index in 0..C-1. Time steps follow TF-Agents: FIRST on
reset, MID, then LAST with discount 0 when Segue's session really ended
(`terminated`) and discount 1 when a rule cut it off (`truncated`), so a learner
bootstraps past a cut-off but not past a real end.

A masked action (a candidate already played) is handled by `invalid_action`:

- "replace" (default): play the first candidate still unmasked instead. Random
  policies that ignore the mask, such as `validate_py_environment`'s, then
  play valid episodes, and the choice does not depend on which track sampler
  the environment has.
- "segue": pass it to Segue, whose track sampler plays an unused candidate
  instead (the built-in sampler: the lowest unused, the same as "replace").
- "raise": raise `segue.SegueError`.

`get_info()` says whether the last action was replaced, and counts all
replacements. A policy that respects the mask avoids the question altogether:
`mask_splitter` is the `observation_and_action_constraint_splitter` that TF-Agents'
policies and agents (random, DQN, ...) use to pick only unmasked candidates.
"""
import numpy as np

try:
    from tf_agents.environments import py_environment, tf_py_environment
    from tf_agents.specs import array_spec
    from tf_agents.trajectories import time_step as ts
except ImportError as error:  # the optional extra is missing
    raise ImportError(
        "tf_agents is not installed: run scripts/python-extras, "
        "or pip install -e 'python/[tf-agents]' into your environment") from error

import gymnasium

from ._library import SegueError
from .env import SegueEnv, make

INVALID_ACTIONS = ("replace", "segue", "raise")


def mask_splitter(observation):
    """Splits an observation into (observation, mask of valid actions), the
    `observation_and_action_constraint_splitter` of TF-Agents' policies."""
    return observation, observation["mask"]


class SeguePyEnvironment(py_environment.PyEnvironment):
    """A Segue environment as a TF-Agents `PyEnvironment`.

    `env` is a `SegueEnv` (or a Gymnasium wrapper around one, as
    `gymnasium.make("segue/Demo-v1")` returns); without it, `segue.make(**kwargs)`
    builds one (e.g. `recipe=..., world="demo", seed=1`). `invalid_action` says
    what a masked action does (module docstring). The environment is closed
    with this one.
    """

    def __init__(self, env=None, invalid_action="replace", **kwargs):
        if invalid_action not in INVALID_ACTIONS:
            raise SegueError("invalid_action=%r is not one of %s" % (invalid_action, ", ".join(INVALID_ACTIONS)))
        if env is None:
            env = make(**kwargs)
        elif kwargs:
            raise SegueError("give either env= or segue.make's arguments (%s), not both" % ", ".join(kwargs))
        if isinstance(env, gymnasium.Env) and not isinstance(env, SegueEnv):
            env = env.unwrapped
        if not isinstance(env, SegueEnv):
            raise SegueError("env must be a segue.SegueEnv (segue.make(...)), not %s" % type(env).__name__)
        # Auto-reset: a step after LAST starts the next episode, as TF-Agents expects.
        super().__init__(handle_auto_reset=True)
        self.env = env
        self.invalid_action = invalid_action
        self.replaced_actions = 0
        self._replaced = False
        self._info = {}
        l, c, f = env.context_length, env.candidate_count, env.feature_count
        self._observation_spec = {
            "context": array_spec.ArraySpec((l,), np.float32, name="context"),
            "candidates": array_spec.ArraySpec((c, f), np.float32, name="candidates"),
            "mask": array_spec.BoundedArraySpec((c,), np.int8, minimum=0, maximum=1, name="mask"),
        }
        self._action_spec = array_spec.BoundedArraySpec((), np.int64, minimum=0, maximum=c - 1, name="action")

    def observation_spec(self):
        return self._observation_spec

    def action_spec(self):
        return self._action_spec

    def get_info(self):
        """The last step's info: Segue's `action_mask`, `step_type`, and
        `replaced` (the action was masked and replaced), `replaced_actions` (all so far)."""
        return dict(self._info, replaced=self._replaced, replaced_actions=self.replaced_actions)

    def _reset(self):
        observation, self._info = self.env.reset()
        self._replaced = False
        return ts.restart(observation)

    def _valid(self, action):
        """The candidate to play for `action`, per `invalid_action`."""
        if np.ndim(action) != 0:
            raise SegueError("an action is one candidate index, not an array of shape %s" % (np.shape(action),))
        action = int(action)
        mask = self.env.action_masks()
        if not 0 <= action < len(mask):
            raise SegueError("action %d is outside the pool of %d candidates (0..%d)" % (action, len(mask), len(mask) - 1))
        if mask[action] or self.invalid_action == "segue" or not mask.any():
            return action, False
        if self.invalid_action == "raise":
            raise SegueError("candidate %d was already played (masked); pick one whose mask is 1, "
                             "or use invalid_action='replace'" % action)
        return int(np.flatnonzero(mask)[0]), True

    def _step(self, action):
        action, self._replaced = self._valid(action)
        self.replaced_actions += self._replaced
        observation, reward, terminated, truncated, self._info = self.env.step(action)
        reward = np.float32(reward)
        if terminated:
            return ts.termination(observation, reward)            # discount 0: the session ended
        if truncated:
            return ts.truncation(observation, reward, discount=np.float32(1.0))  # cut off: bootstrap
        return ts.transition(observation, reward, discount=np.float32(1.0))

    def render(self, mode="ansi"):
        """The session so far as text (the Segue environment needs render_mode="ansi")."""
        if mode != "ansi":
            raise SegueError("render mode %r is not supported: use 'ansi'" % (mode,))
        return self.env.render()

    def close(self):
        self.env.close()


def make_py_environment(*args, invalid_action="replace", **kwargs):
    """`SeguePyEnvironment` over `segue.make(*args, **kwargs)`."""
    return SeguePyEnvironment(make(*args, **kwargs), invalid_action=invalid_action)


def make_tf_environment(*args, invalid_action="replace", **kwargs):
    """`make_py_environment(...)` in a `tf_py_environment.TFPyEnvironment` (batch of 1, tensors)."""
    return tf_py_environment.TFPyEnvironment(make_py_environment(*args, invalid_action=invalid_action, **kwargs))
