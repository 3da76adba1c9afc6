"""Segue's saved weights in numpy: a safetensors reader that needs only numpy,
the CWM forward pass reproduced from a `save-model` file, and AH-DQN's Q
values from a `checkpoint` file.

Tensor names and layouts are in docs/python.md. The `safetensors` package
reads the same files (`safetensors.numpy.load_file`); this reader keeps the
package's own dependencies to gymnasium and numpy.
"""
import ctypes
import json
import struct

import numpy as np

from ._library import SegueError, text

_DTYPES = {"F32": np.float32, "F64": np.float64, "I32": np.int32, "I64": np.int64, "U8": np.uint8, "I8": np.int8}


def load_safetensors(path):
    """The tensors (name -> numpy array, in the file's shape) and the metadata of a safetensors file."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    metadata = header.pop("__metadata__", {})
    base = 8 + length
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] not in _DTYPES:
            raise SegueError("%s: tensor %r has dtype %s, which this reader does not know" % (path, name, entry["dtype"]))
        start, end = entry["data_offsets"]
        dtype = np.dtype(_DTYPES[entry["dtype"]]).newbyteorder("<")
        array = np.frombuffer(data, dtype=dtype, count=(end - start) // dtype.itemsize, offset=base + start)
        tensors[name] = array.reshape(entry["shape"]).astype(_DTYPES[entry["dtype"]])
    return tensors, metadata


def _dense_layers(tensors, prefix):
    """The (weight, bias) pairs of `prefix.N.weight` / `prefix.N.bias`, by N."""
    depth = prefix.count(".") + 1
    indices = sorted({int(k.split(".")[depth]) for k in tensors if k.startswith(prefix + ".") and k.endswith(".weight")})
    if not indices:
        raise SegueError("no %s.N.weight tensors: not a Segue network" % prefix)
    return [(tensors["%s.%d.weight" % (prefix, i)], tensors["%s.%d.bias" % (prefix, i)].reshape(-1)) for i in indices]


def mlp(tensors, x, prefix="net"):
    """Segue's `Sequential.mlp`: Dense layers `y = x W + b` (W is [in, out]),
    ReLU between them, none after the last; float32 throughout."""
    x = np.asarray(x, dtype=np.float32)
    layers = _dense_layers(tensors, prefix)
    for k, (weight, bias) in enumerate(layers):
        x = x @ weight + bias
        if k < len(layers) - 1:
            x = np.maximum(x, 0)
    return x


def cwm_logits(tensors, rows):
    """A CWM's listen logits for input rows [n, width] (see `cwm_rows`)."""
    return mlp(tensors, rows)[:, 0]


def cwm_probabilities(tensors, rows):
    """A CWM's listen probabilities, σ(logit) in float64 as Segue computes them."""
    return 1 / (1 + np.exp(-cwm_logits(tensors, rows).astype(np.float64)))


def cwm_rows(tensors, metadata, track_features, context, t, listens=0, run=0, last=False):
    """Input rows of a CWM for candidate tracks at play `t` of a session:
    standardised track features ‖ the session encoding (9 values:
    premium, sin and cos of the hour, one-hot context type; then the
    listener's standardised features for a listener-aware model) ‖ t/20 ‖
    (with aggregates) listen rate so far, min(skip run, 6)/3, last outcome."""
    features = (np.asarray(track_features, np.float32) - tensors["features.mean"].reshape(-1)) / tensors["features.std"].reshape(-1)
    n = features.shape[0]
    parts = [features, np.broadcast_to(np.asarray(context, np.float32), (n, len(context))),
             np.full((n, 1), t / 20, np.float32)]
    if metadata.get("aggregates", "true") == "true":
        parts.append(np.broadcast_to(np.array([0 if t == 0 else listens / t, min(run, 6) / 3, 1 if last else 0],
                                              np.float32), (n, 3)))
    return np.ascontiguousarray(np.concatenate(parts, axis=1), dtype=np.float32)


def segue_cwm_logits(env, model, rows):
    """Segue's own logits for `rows` from the CWM value `model` of the session
    that made `env` (a SegueEnv): what `cwm_logits` is checked against."""
    lib = env._lib
    rows = np.ascontiguousarray(rows, dtype=np.float32)
    out = np.zeros(rows.shape[0], dtype=np.float32)
    status = lib.segue_cwm_logits(env._handle, model.encode(), rows.ctypes.data, rows.shape[0], rows.shape[1],
                                  out.ctypes.data)
    if status != 0:
        raise SegueError(text(lib.segue_env_error(env._handle)))
    return out


def ahdqn_values(tensors, context, candidates, network="online"):
    """AH-DQN's Q value of every candidate from a `checkpoint` file's tensors
    (`online.*`, or `target.*`): the first layer splits its weight into the
    context's share and the candidate's, `h = relu(context·Wc + features·Wf + b)`,
    then `tail.N` Dense layers with ReLU between them and a linear output."""
    context = np.asarray(context, np.float32).reshape(1, -1)
    candidates = np.asarray(candidates, np.float32)
    first = network + ".first."
    h = context @ tensors[first + "context_weight"] + candidates @ tensors[first + "feature_weight"] \
        + tensors[first + "bias"].reshape(-1)
    tail = _dense_layers(tensors, network + ".tail")
    for weight, bias in tail:
        h = np.maximum(h, 0) @ weight + bias
    return h[:, 0]


def segue_agent_values(env, agent):
    """Segue's own Q values from the agent value `agent` of the session that
    made `env`, for every candidate of `env`'s current observation."""
    lib = env._lib
    out = np.zeros(env.candidate_count, dtype=np.float32)
    if lib.segue_agent_values(env._handle, agent.encode(), out.ctypes.data) != 0:
        raise SegueError(text(lib.segue_env_error(env._handle)))
    return out
