"""The Gymnasium environment: check_env on the four kinds of environment the
issue names, determinism under a seed, Segue's errors as exceptions."""
import os
from pathlib import Path

import gymnasium
import numpy as np
from gymnasium.utils.env_checker import check_env

import segue

REPO = Path(__file__).resolve().parents[2]
SMALL = dict(world="demo tracks=300 users=60 sessions=0", recipe="episodes=random-pool(size=20)")


def play(env, seed, steps, rng_seed=0):
    """A trajectory of random valid actions: copies of every observation, rewards, ends."""
    rng = np.random.default_rng(rng_seed)
    obs, info = env.reset(seed=seed)
    trace = [(obs["context"].copy(), obs["candidates"].copy(), obs["mask"].copy())]
    for _ in range(steps):
        action = rng.choice(np.flatnonzero(env.action_masks()))
        obs, reward, terminated, truncated, info = env.step(action)
        trace.append((obs["context"].copy(), obs["mask"].copy(), reward, terminated, truncated, info["step_type"]))
        if terminated or truncated:
            obs, info = env.reset()
            trace.append(("reset", obs["context"].copy(), obs["candidates"].copy()))
    return trace


def same(a, b):
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        for u, v in zip(x, y):
            if isinstance(u, np.ndarray):
                if not np.array_equal(u, v):
                    return False
            elif u != v:
                return False
    return True


def test_check_env_demo():
    env = gymnasium.make("segue/Demo-v1")
    assert isinstance(env.unwrapped, segue.SegueEnv)
    check_env(env.unwrapped)
    assert env.observation_space["candidates"].shape == (50, env.unwrapped.feature_count)
    assert env.action_space.n == 50


def test_check_env_bench_workload():
    env = gymnasium.make("segue/Bench-v1", seed=2)
    check_env(env.unwrapped)
    assert env.action_space.n == 200
    # bench-workload-v1 ends sessions at 20 plays or 3 skips in a row.
    env.reset(seed=2)
    for length in range(1, 21):
        _, _, terminated, truncated, info = env.step(int(np.flatnonzero(env.unwrapped.action_masks())[0]))
        if terminated or truncated:
            break
    assert info["step_type"] == 2 and length <= 20


def test_check_env_learned_swm():
    env = segue.make(session=REPO / "python/tests/swm-env.segue", env="sim", params={"epochs": 1})
    check_env(env)
    assert env.candidate_count == 20
    assert same(play(env, 4, 30), play(env, 4, 30))


def test_check_env_plugin_user_model():
    env = segue.make("user=drifting-taste(drift=0.3) episodes=random-pool(size=20)", world="demo tracks=300 users=60 sessions=0",
                     setup=["plugin load Plugins/DriftingTaste"], allow_plugins=True)
    check_env(env)
    assert same(play(env, 5, 40), play(env, 5, 40))


def test_plugins_need_consent():
    try:
        segue.make(SMALL["recipe"], world=SMALL["world"], setup=["plugin load Plugins/DriftingTaste"])
    except segue.SegueError as error:
        assert "may not load plugins" in str(error) and "allow_plugins=True" in str(error), error
    else:
        raise AssertionError("a plugin loaded without allow_plugins=True")


def test_seed_determinism():
    a = segue.make(SMALL["recipe"], world=SMALL["world"], seed=7)
    b = segue.make(SMALL["recipe"], world=SMALL["world"], seed=7)
    first = play(a, 11, 60)
    assert same(first, play(b, 11, 60)), "two environments with one seed differ"
    assert same(first, play(a, 11, 60)), "reset(seed=11) did not replay the trajectory"
    assert not same(first, play(a, 12, 60)), "another seed played the same trajectory"
    a.reset(options={"episode": 3})
    assert a.episode()[0] == 3


def test_terminated_truncated_and_autoreset():
    env = segue.make("episodes=random-pool(size=20) end=max-length(length=5)", world=SMALL["world"])
    env.reset(seed=1)
    ends = []
    for _ in range(5):
        _, reward, terminated, truncated, info = env.step(int(np.flatnonzero(env.action_masks())[0]))
        ends.append((terminated, truncated, info["step_type"]))
    assert ends[-1][2] == 2 and (ends[-1][0] or ends[-1][1]), ends
    assert all(step_type == 1 and not t and not u for t, u, step_type in ends[:-1]), ends
    # The step after a last step starts the next episode and ignores its action.
    obs, reward, terminated, truncated, info = env.step(0)
    assert info["step_type"] == 0 and reward == 0 and not terminated and not truncated
    assert obs["mask"].sum() == 20 and env.episode()[0] == 1


def test_errors_arrive_as_exceptions():
    try:
        segue.make("episodes=random-pool(sise=20)", world=SMALL["world"])
    except segue.SegueError as error:
        assert "<python>:2:" in str(error) and "sise" in str(error), error
    else:
        raise AssertionError("a bad recipe made an environment")
    env = segue.make(SMALL["recipe"], world=SMALL["world"])
    env.reset(seed=1)
    env.step(3)
    for action, words in ((20, "the pool has 20"), (-1, "the pool has 20")):
        try:
            env.step(action)
        except segue.SegueError as error:
            assert words in str(error), error
        else:
            raise AssertionError("action %d was accepted" % action)
    try:
        segue.make(session=REPO / "python/tests/no-such.segue")
    except segue.SegueError as error:
        assert "cannot read session file" in str(error), error
    else:
        raise AssertionError("a missing session file opened")


def test_render_ansi_shows_the_session():
    env = segue.make(SMALL["recipe"], world=SMALL["world"], render_mode="ansi")
    env.reset(seed=3)
    env.step(4)
    env.step(7)
    env.step(4)   # already played: Segue's sampler plays the lowest unused, 0
    shown = env.render()
    assert shown.startswith("episode 0 (seed 3)") and "3 plays" in shown, shown
    assert "1. candidate 4 track" in shown and "2. candidate 7 track" in shown, shown
    assert "3. candidate 0 track" in shown, shown


def test_observations_are_views_of_library_buffers():
    env = segue.make(SMALL["recipe"], world=SMALL["world"], copy=False)
    obs, _ = env.reset(seed=1)
    mask = obs["mask"]
    env.step(0)
    assert mask[0] == 0 and not mask.flags.writeable, "the mask view did not follow the step"
    copied = segue.make(SMALL["recipe"], world=SMALL["world"])
    obs, _ = copied.reset(seed=1)
    copied.step(0)
    assert obs["mask"][0] == 1 and obs["mask"].flags.writeable


def test_python_plays_what_segue_plays():
    # The popularity policy played from Python gives, episode by episode, the
    # returns Segue's own `compare popularity` gives on the same recipe and seed.
    import json
    import tempfile
    path = Path(tempfile.mkdtemp(prefix="segue-compare-")) / "compare.jsonl"
    recipe = "episodes=random-pool(size=20) end=max-length(length=10),consecutive-skips(limit=2)"
    env = segue.make(recipe, world=SMALL["world"], seed=6, allow_writes=True,
                     setup=["env %s seed=6" % recipe, "compare popularity episodes=12 jsonl=%s" % path])
    expected = [row["return"] for row in map(json.loads, path.read_text().splitlines()) if row["policy"] == "popularity"]
    column = 8   # the demo catalog's popularity feature
    returns = []
    obs, _ = env.reset(seed=6)
    for episode in range(12):
        total, done = 0.0, False
        while not done:
            scores = np.where(obs["mask"] == 1, obs["candidates"][:, column], -np.inf)
            obs, reward, terminated, truncated, _ = env.step(int(np.argmax(scores)))
            total, done = total + reward, terminated or truncated
        returns.append(total)
        obs, _ = env.reset()
    assert len(expected) == 12 and returns == expected, (returns, expected)
    assert len(set(returns)) > 1, "every episode returned the same: the comparison would prove little"
