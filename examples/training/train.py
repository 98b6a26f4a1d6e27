"""One process of a data-parallel training job: JAX on CPU, gradients all-reduced through gloo.

Each process (one per index of the Indexed Job) computes the gradient of a small linear model on
its shard of a deterministic data set; a psum across the processes adds the shards' gradients, so
every process takes the very SGD step one process would take on the whole data set. Run alone (no
JAX_* variables) it is that one process: the reference the distributed run must equal.

Under `ixjob --jax` the shim exports JAX_COORDINATOR_ADDRESS (index 0's host:port),
JAX_NUM_PROCESSES and JAX_PROCESS_ID. JAX reads only the first of them by itself, so the other two
are passed to jax.distributed.initialize here.
"""

import os
import sys

import jax

# float64: the shards' gradient sums then differ from the whole's only in the last bits.
jax.config.update("jax_enable_x64", True)
# Cross-process collectives on CPU go through gloo (TCP between the processes).
jax.config.update("jax_cpu_collectives_implementation", "gloo")

import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from jax.sharding import NamedSharding  # noqa: E402
from jax.sharding import PartitionSpec as P  # noqa: E402

SAMPLES = 48
STEPS = 200
LEARNING_RATE = 0.1
TRUE_WEIGHTS = np.array([2.0, -1.0, 0.5])
TRUE_BIAS = 0.25
# Long enough for every process of a job to start; a missing peer then fails the attempt.
INIT_TIMEOUT_SECONDS = 120


def world() -> tuple[int, int]:
    """(rank, size) from the shim's --jax variables; (0, 1) when run alone."""
    size = os.environ.get("JAX_NUM_PROCESSES")
    if size is None:
        return 0, 1
    rank, count = int(os.environ["JAX_PROCESS_ID"]), int(size)
    if count > 1:
        jax.distributed.initialize(
            coordinator_address=os.environ["JAX_COORDINATOR_ADDRESS"],
            num_processes=count,
            process_id=rank,
            initialization_timeout=INIT_TIMEOUT_SECONDS,
            # The shim already said who is who: no guessing from Slurm, MPI or Kubernetes variables.
            cluster_detection_method="deactivate",
        )
    return rank, count


def dataset() -> tuple[np.ndarray, np.ndarray]:
    """The same SAMPLES rows in every process: features, a column of ones, and noisy targets."""
    k = np.arange(SAMPLES, dtype=np.float64)
    features = np.stack([np.sin(0.37 * (j + 1) * k) for j in range(len(TRUE_WEIGHTS))], axis=1)
    targets = features @ TRUE_WEIGHTS + TRUE_BIAS + 0.05 * np.cos(1.3 * k)
    return np.hstack([features, np.ones((SAMPLES, 1))]), targets


def shard(rank: int, size: int) -> tuple[int, int]:
    """This rank's rows [start, end): contiguous, the first SAMPLES % size shards one longer."""
    base, extra = divmod(SAMPLES, size)
    start = rank * base + min(rank, extra)
    return start, start + base + (1 if rank < extra else 0)


def loss(theta, x, y, mask):
    """This shard's part of the whole data set's mean squared error (padding rows masked out)."""
    return jnp.sum(mask * (x @ theta - y) ** 2) / SAMPLES


def main() -> int:
    rank, size = world()
    x, y = dataset()
    start, end = shard(rank, size)
    # Every shard padded to the longest one's length: the collective needs equal blocks.
    rows = -(-SAMPLES // size)
    pad = rows - (end - start)
    xs = np.vstack([x[start:end], np.zeros((pad, x.shape[1]))])
    ys = np.concatenate([y[start:end], np.zeros(pad)])
    mask = np.concatenate([np.ones(end - start), np.zeros(pad)])
    coordinator = os.environ.get("JAX_COORDINATOR_ADDRESS") if size > 1 else None
    meeting = f" (coordinator {coordinator})" if coordinator else ""
    print(f"process {rank} of {size}: samples {start}-{end - 1} of {SAMPLES}{meeting}", flush=True)

    # One CPU device per process; the mesh spans every process's device.
    mesh = jax.make_mesh((size,), ("processes",), devices=jax.devices())
    blocks = NamedSharding(mesh, P("processes"))
    all_reduce = jax.jit(
        jax.shard_map(
            lambda block: jax.lax.psum(block, "processes"),
            mesh=mesh,
            in_specs=P("processes"),
            out_specs=P(),
        )
    )
    local_step = jax.jit(jax.value_and_grad(loss))

    def gradient_and_loss(theta: np.ndarray) -> tuple[np.ndarray, float]:
        """The whole data set's gradient and loss: this shard's, summed over every process."""
        value, grad = local_step(theta, xs, ys, mask)
        local = np.concatenate([np.asarray(grad), [float(value)]])[None, :]
        summed = all_reduce(jax.make_array_from_process_local_data(blocks, local))
        reduced = np.asarray(summed.addressable_data(0))[0]
        return reduced[:-1], float(reduced[-1])

    theta = np.zeros(x.shape[1])
    for _ in range(STEPS):
        grad, _loss = gradient_and_loss(theta)
        theta = theta - LEARNING_RATE * grad
    _grad, final_loss = gradient_and_loss(theta)

    if rank == 0:
        weights = ", ".join(repr(float(w)) for w in theta[:-1])
        print(f"weights [{weights}] bias {float(theta[-1])!r}", flush=True)
        processes = "1 process" if size == 1 else f"{size} processes"
        print(f"loss {final_loss!r} after {STEPS} steps on {SAMPLES} samples in {processes}")
    if size > 1:
        jax.distributed.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
