"""A numpy stand-in of bench-workload-v1's loop as a gymnasium.Env: the
baseline the Python benchmark compares Segue with.

Same shapes and the same work per step as the workload (README "The reference
workload"): 10,000 tracks and 1,000 users of 16 features, pools of 200, a
float64 ground-truth network (user ‖ track ‖ 8 summary values → 64 → 64 → 1)
scored for the played track, a listen drawn against it, sessions ending at 20
plays or 3 skips in a row, and the observation Segue gives (context of
user ‖ mean listened features ‖ summary, candidates 200×16, mask). Its weights
and draws come from numpy's generator, so its numbers are not the spec's:
it measures how fast numpy and Gymnasium run such a loop, nothing more.
"""
import gymnasium
import numpy as np
from gymnasium import spaces

T, U, F, C, H, S = 10_000, 1_000, 16, 200, 64, 8


class NumpyWorkload(gymnasium.Env):
    metadata = {"render_modes": []}

    def __init__(self, seed=0):
        rng = np.random.default_rng(seed)
        self.tracks = rng.standard_normal((T, F)).astype(np.float32)
        self.users = rng.standard_normal((U, F)).astype(np.float32)
        self.w1 = rng.standard_normal((2 * F + S, H)) / np.sqrt(2 * F + S)
        self.w2 = rng.standard_normal((H, H)) / np.sqrt(H)
        self.w3 = rng.standard_normal(H) / np.sqrt(H)
        self.observation_space = spaces.Dict({
            "context": spaces.Box(-np.inf, np.inf, (2 * F + S,), np.float32),
            "candidates": spaces.Box(-np.inf, np.inf, (C, F), np.float32),
            "mask": spaces.MultiBinary(C),
        })
        self.action_space = spaces.Discrete(C)

    def _obs(self):
        context = np.concatenate([self.user, self.listened / max(self.listens, 1), self.summary]).astype(np.float32)
        return {"context": context, "candidates": self.candidates.copy(), "mask": self.mask.copy()}

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        rng = self.np_random
        self.user = self.users[rng.integers(U)]
        self.pool = rng.choice(T, C, replace=False)
        self.candidates = self.tracks[self.pool]
        self.mask = np.ones(C, np.int8)
        self.listened = np.zeros(F, np.float64)
        self.listens = self.length = self.run = 0
        self.summary = np.zeros(S, np.float64)
        return self._obs(), {"action_mask": self.mask.astype(bool)}

    def step(self, action):
        track = self.candidates[action]
        x = np.concatenate([self.user, track, self.summary]).astype(np.float64)
        h = np.maximum(x @ self.w1, 0)
        h = np.maximum(h @ self.w2, 0)
        p = 1 / (1 + np.exp(-(h @ self.w3)))
        listened = self.np_random.random() < p
        self.mask[action] = 0
        self.length += 1
        if listened:
            self.listens += 1
            self.listened += track
            self.run = 0
        else:
            self.run += 1
        self.summary[:4] = (self.length / 20, self.listens / self.length, self.run / 3, float(listened))
        terminated = self.run >= 3
        truncated = not terminated and self.length >= 20
        return self._obs(), float(listened), terminated, truncated, {"action_mask": self.mask.astype(bool)}
