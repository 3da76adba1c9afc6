"""Weights out: a CWM saved by `save-model` reproduced in numpy to 1e-5."""
import tempfile
from pathlib import Path

import numpy as np

import segue
from segue.weights import (ahdqn_values, cwm_logits, cwm_rows, load_safetensors, segue_agent_values,
                           segue_cwm_logits)


def test_cwm_forward_pass_in_numpy_matches_segue():
    folder = Path(tempfile.mkdtemp(prefix="segue-weights-"))
    path = folder / "cwm.safetensors"
    env = segue.make("user=cwm episodes=random-pool(size=20)", world="demo tracks=300 users=60 sessions=600",
                     setup=["cwm = train-model cwm epochs=2 layers=32,16", "save-model cwm %s" % path],
                     allow_writes=True)
    tensors, metadata = load_safetensors(path)
    assert metadata["format"] == "segue-user-model-v2" and metadata["kind"] == "cwm"
    assert tensors["net.0.weight"].shape == (29, 32) and tensors["net.4.weight"].shape == (16, 1)
    rng = np.random.default_rng(0)
    random_rows = rng.normal(size=(64, 29)).astype(np.float32)
    obs, _ = env.reset(seed=1)
    context = np.zeros(9, np.float32)
    context[[0, 1, 2, 5]] = [1, np.sin(0.5), np.cos(0.5), 1]
    real_rows = cwm_rows(tensors, metadata, obs["candidates"], context, t=3, listens=2, run=1, last=False)
    for rows in (random_rows, real_rows):
        ours, theirs = cwm_logits(tensors, rows), segue_cwm_logits(env, "cwm", rows)
        assert np.abs(ours - theirs).max() <= 1e-5 * max(1, np.abs(theirs).max()), (ours[:4], theirs[:4])
        assert np.std(theirs) > 1e-3, "the logits are constant: the check would prove nothing"
    try:
        segue_cwm_logits(env, "cwm", random_rows[:, :28])
    except segue.SegueError as error:
        assert "rows of 29 values, not 28" in str(error), error
    else:
        raise AssertionError("rows of the wrong width were accepted")


def test_ahdqn_q_values_in_numpy_match_segue():
    folder = Path(tempfile.mkdtemp(prefix="segue-weights-"))
    path = folder / "ahdqn.safetensors"
    env = segue.make("episodes=random-pool(size=20)", world="demo tracks=300 users=60 sessions=0", seed=4,
                     setup=["e = env episodes=random-pool(size=20) seed=1", "a = agent ahdqn env=e",
                            "train a env=e steps=400", "checkpoint a %s" % path],
                     allow_writes=True)
    tensors, metadata = load_safetensors(path)
    assert metadata["format"] == "segue-checkpoint-v2" and metadata["agent"] == "ahdqn"
    obs, _ = env.reset(seed=4)
    for step in range(4):
        theirs = segue_agent_values(env, "a")
        ours = ahdqn_values(tensors, obs["context"], obs["candidates"])
        assert np.abs(ours - theirs).max() <= 1e-5 * max(1, np.abs(theirs).max()), (step, ours[:4], theirs[:4])
        assert np.std(theirs) > 1e-4, "the Q values are constant: the check would prove nothing"
        obs, *_ = env.step(int(np.argmax(np.where(obs["mask"] == 1, theirs, -np.inf))))
    try:
        segue_agent_values(env, "e")
    except segue.SegueError as error:
        assert "'e' is an env" in str(error) or "not an agent" in str(error), error
    else:
        raise AssertionError("an environment gave Q values")
