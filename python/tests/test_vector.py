"""The vector environment: all N stepped in one call into Swift, environment
i's numbers independent of N and of the thread count, next-step autoreset."""
from pathlib import Path

import gymnasium
import numpy as np
from gymnasium.vector import VectorEnv

import segue

WORLD = "demo tracks=300 users=60 sessions=0"
RECIPE = "episodes=random-pool(size=20) end=max-length(length=8),consecutive-skips(limit=2)"




def test_make_vec_is_a_vector_env():
    vec = segue.make_vec(RECIPE, world=WORLD, num_envs=3)
    assert isinstance(vec, VectorEnv) and vec.num_envs == 3 and vec.parallel
    obs, info = vec.reset(seed=5)
    assert obs["candidates"].shape == (3, 20, vec.single_observation_space["candidates"].shape[1])
    assert obs in vec.observation_space
    assert info["action_mask"].shape == (3, 20) and info["action_mask"].all()
    registered = gymnasium.make_vec("segue/Demo-v1", num_envs=2, vectorization_mode="vector_entry_point")
    assert isinstance(registered, segue.SegueVectorEnv) and registered.single_action_space.n == 50


def test_env_i_does_not_depend_on_n_or_threads():
    # Environment i draws its actions from its own stream (1000 + i), so they
    # depend only on what it sees.
    four = segue.make_vec(RECIPE, world=WORLD, num_envs=4)
    one = segue.make_vec(RECIPE, world=WORLD, num_envs=1)
    single_threaded = segue.make_vec(RECIPE, world=WORLD, num_envs=4, threads=1)
    rows4, rows4t = _per_env(four, 21, 40), _per_env(single_threaded, 21, 40)
    assert rows4 == rows4t, "the thread count changed the numbers"
    shifted = _per_env(one, 23, 40, rng_offset=2)
    assert rows4[2] == shifted[0], "environment 2 of 4 differs from the same seed alone"
    assert rows4[0] != rows4[1], "two environments of a vector played the same trajectory"
    assert any(r[3] == 0 for r in rows4[0]), "no autoreset happened in 40 steps"


def _per_env(vec, seed, steps, rng_offset=0):
    rngs = [np.random.default_rng(1000 + i + rng_offset) for i in range(vec.num_envs)]
    vec.reset(seed=seed)
    rows = [[] for _ in range(vec.num_envs)]
    for _ in range(steps):
        masks = vec.action_masks()
        # An environment whose episode just ended (mask all 0 when the pool ran
        # out) starts the next one on this step and ignores its action.
        actions = np.array([rngs[i].choice(np.flatnonzero(masks[i])) if masks[i].any() else 0
                            for i in range(vec.num_envs)])
        obs, rewards, terminated, truncated, info = vec.step(actions)
        for i in range(vec.num_envs):
            rows[i].append((float(rewards[i]), bool(terminated[i]), bool(truncated[i]), int(info["step_type"][i]),
                            obs["context"][i].tobytes(), obs["mask"][i].tobytes()))
    return rows


def test_vector_matches_single_environment():
    vec = segue.make_vec(RECIPE, world=WORLD, num_envs=2)
    env = segue.make(RECIPE, world=WORLD)
    vec_rows = _per_env(vec, 9, 30, rng_offset=0)
    rng = np.random.default_rng(1001)
    env.reset(seed=10)
    steps = []
    for _ in range(30):
        action = rng.choice(np.flatnonzero(env.action_masks()))
        obs, reward, terminated, truncated, info = env.step(action)
        steps.append((reward, terminated, truncated, info["step_type"], obs["context"].tobytes(), obs["mask"].tobytes()))
    assert vec_rows[1] == steps, "environment 1 of a vector differs from one environment with its seed"


def test_vector_errors_name_the_environment():
    vec = segue.make_vec(RECIPE, world=WORLD, num_envs=3)
    vec.reset(seed=1)
    vec.step(np.array([0, 0, 0]))
    try:
        vec.step(np.array([1, 20, 1]))
    except segue.SegueError as error:
        assert "environment 1" in str(error) and "the pool has 20" in str(error), error
    else:
        raise AssertionError("an action outside the pool was accepted")


def test_trained_model_replicas_step_one_after_another():
    # A trained SWM held as a value: each environment gets a replica sharing its
    # weights with its own per-episode state; they step serially, with the
    # same numbers as one environment alone.
    session = dict(session=Path(__file__).resolve().parent / "swm-env.segue", env="sim")
    vec = segue.make_vec(num_envs=3, seed=5, **session)
    assert not vec.parallel
    rows = _per_env(vec, 5, 25)
    alone = _per_env(segue.make_vec(num_envs=1, seed=7, **session), 7, 25, rng_offset=2)
    assert rows[2] == alone[0], "a replica of a trained model played differently beside others"
