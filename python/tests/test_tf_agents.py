"""The TF-Agents adapter (segue.tf_agents): specs, validate_py_environment,
TF-Agents' step types and discounts, masked actions, TFPyEnvironment.

Skipped when tf_agents is not installed (CI installs gymnasium and numpy only;
scripts/python-extras installs it): under pytest by `importorskip`, under
python/tests/run.py by the module's SKIP.
"""
import numpy as np

try:
    import tf_agents  # noqa: F401
    SKIP = None
except ImportError:
    SKIP = "tf_agents is not installed: run scripts/python-extras"
    try:
        import pytest
    except ImportError:
        pass
    else:
        pytest.importorskip("tf_agents", reason=SKIP)

if not SKIP:
    from tf_agents.environments import utils
    from tf_agents.trajectories import time_step as ts

    import segue
    from segue.tf_agents import SeguePyEnvironment, make_tf_environment, mask_splitter

SMALL = dict(world="demo tracks=300 users=60 sessions=0", recipe="episodes=random-pool(size=20)")
CUT = dict(world="demo tracks=300 users=60 sessions=0",
           recipe="episodes=random-pool(size=20) end=max-length(length=3,truncate=true)")


def test_specs():
    env = SeguePyEnvironment(**SMALL, seed=1)
    obs, action = env.observation_spec(), env.action_spec()
    assert obs["context"].shape == (env.env.context_length,) and obs["context"].dtype == np.float32
    assert obs["candidates"].shape == (20, env.env.feature_count) and obs["candidates"].dtype == np.float32
    assert obs["mask"].shape == (20,) and obs["mask"].dtype == np.int8
    assert action.shape == () and action.dtype == np.int64 and (action.minimum, action.maximum) == (0, 19)
    env.close()


def test_validate_py_environment():
    env = SeguePyEnvironment(**SMALL, seed=1)
    utils.validate_py_environment(env, episodes=5)
    utils.validate_py_environment(env, episodes=5, observation_and_action_constraint_splitter=mask_splitter)
    env.close()


def test_step_types_and_discounts():
    env = SeguePyEnvironment(**CUT, seed=1)
    step = env.reset()
    assert step.step_type == ts.StepType.FIRST
    ends = []
    for _ in range(200):
        step = env.step(np.flatnonzero(step.observation["mask"])[0] if not step.is_last() else 0)
        if step.is_last():
            info = env.get_info()
            ends.append(float(step.discount))
        else:
            assert step.step_type in (ts.StepType.FIRST, ts.StepType.MID)
    assert ends, "no episode ended in 200 steps"
    # max-length(length=3, truncate=true) truncates with discount 1; a listener who quits terminates with discount 0
    assert set(ends) <= {0.0, 1.0} and 1.0 in ends, ends
    assert info["step_type"] == 2
    env.close()


def test_masked_action_replaced_or_raised():
    env = SeguePyEnvironment(**SMALL, seed=1)
    env.reset()
    env.step(5)
    if not env.current_time_step().is_last():
        step = env.step(5)                      # 5 is played: the first unmasked candidate instead
        assert env.get_info()["replaced"] and env.replaced_actions == 1
        assert step.observation["mask"][0] == 0
    strict = SeguePyEnvironment(**SMALL, seed=1, invalid_action="raise")
    strict.reset()
    strict.step(5)
    if not strict.current_time_step().is_last():
        try:
            strict.step(5)
        except segue.SegueError as error:
            assert "already played" in str(error)
        else:
            raise AssertionError("a masked action did not raise with invalid_action='raise'")
    for bad in (-1, 20):
        try:
            strict.step(bad)
        except segue.SegueError as error:
            assert "outside the pool" in str(error)
        else:
            raise AssertionError("action %d outside the pool did not raise" % bad)
    env.close()
    strict.close()


def test_same_episodes_as_gymnasium():
    env = SeguePyEnvironment(**SMALL, seed=3)
    gym_env = segue.make(**SMALL, seed=3)
    step = env.reset()
    obs, info = gym_env.reset()
    for _ in range(30):
        assert all(np.array_equal(step.observation[k], obs[k]) for k in obs)
        action = np.flatnonzero(obs["mask"])[-1]
        step = env.step(action)
        obs, reward, terminated, truncated, info = gym_env.step(action)
        assert float(step.reward) == reward
        if terminated or truncated:
            assert step.is_last()
            step = env.step(0)                  # auto-reset: the next episode
            obs, info = gym_env.reset()
    env.close()
    gym_env.close()


def test_tf_py_environment():
    tf_env = make_tf_environment(**SMALL, seed=1)
    step = tf_env.reset()
    assert step.observation["candidates"].shape == (1, 20, tf_env.observation_spec()["candidates"].shape[1])
    step = tf_env.step(np.array([2], dtype=np.int64))
    assert step.reward.shape == (1,) and int(step.step_type[0]) in (1, 2)
    tf_env.close()
