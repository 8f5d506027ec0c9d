"""The one Python port of spameval's bootstrap randomness (METHODS.md 2.3), shared by the reference
scripts in this folder:

* mulberry32 with a 32-bit state, ported from its C/JS definition: a scalar stream
  (`Mulberry32`) and a vectorised numpy form (`mulberry32_uint`, `mulberry32_uniform`; the k-th
  state is seed + k*0x6D2B79F5 mod 2^32). Both go through the same `_mix`.
* the index rule: replicate b uses draws b*n .. b*n+n-1, index = floor(u * n), within each stratum
  when there are strata (`bootstrap_indices`).
* the percentile interval: numpy's default 'linear' quantile (Hyndman-Fan type 7)
  (`percentile_interval`).

The scripts import it after putting their own folder on sys.path, so they run from the repo root
or from this folder.
"""
import numpy as np

_M32 = 0xFFFFFFFF
_GOLDEN = 0x6D2B79F5

# First outputs of Tommy Ettinger's C reference (uint32_t state, compiled with gcc) — an
# implementation independent of both the TypeScript code and this port.
C_MULBERRY32 = {42: [2581720956, 1925393290, 3661312704, 2876485805, 750819978],
                12345: [4207900869, 1317490944, 2079646450, 3513001552, 2187978186]}


def _mix(a, m):
    """mulberry32's output function of the state `a`: Python ints, or numpy uint64 arrays with
    `m` = np.uint64(0xFFFFFFFF) (every product of two 32-bit values fits in 64 bits)."""
    t = ((a ^ (a >> 15)) * (a | 1)) & m
    t = (t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & m)) & m)) & m
    return (t ^ (t >> 14)) & m


class Mulberry32:
    """Scalar stream: each call returns the next draw as a float in [0, 1) (uint32 / 2^32)."""

    def __init__(self, seed):
        self.a = seed & _M32

    def __call__(self):
        self.a = (self.a + _GOLDEN) & _M32
        return _mix(self.a, _M32) / 2 ** 32


def mulberry32_uint(seed, count, start=0):
    """Draws start+1 .. start+count of the stream as uint32 values (numpy uint64 array)."""
    m = np.uint64(_M32)
    k = np.arange(start + 1, start + count + 1, dtype=np.uint64)
    a = (np.uint64(seed) + k * np.uint64(_GOLDEN)) & m
    return _mix(a, m)


def mulberry32_uniform(seed, count):
    return mulberry32_uint(seed, count).astype(np.float64) / 4294967296.0


def bootstrap_indices(seed, n, replicates, strata=None):
    """Index matrix (replicates x n): replicate b uses draws b*n .. b*n+n-1, index floor(u * n).
    With strata, positions are grouped by stratum in order of first appearance and each stratum
    draws floor(u * size) among its own members."""
    u = mulberry32_uniform(seed, replicates * n).reshape(replicates, n)
    if strata is None:
        return np.floor(u * n).astype(np.int64)
    order = list(dict.fromkeys(strata))  # strata in order of first appearance
    members = [np.array([i for i, s in enumerate(strata) if s == h], dtype=np.int64) for h in order]
    out = np.empty((replicates, n), dtype=np.int64)
    pos = 0
    for m in members:
        size = len(m)
        out[:, pos:pos + size] = m[np.floor(u[:, pos:pos + size] * size).astype(np.int64)]
        pos += size
    return out


def percentile_interval(values, confidence):
    """(low, high) percentile interval of the replicate values with numpy's 'linear' quantile
    (type 7); (None, None) when no replicate was kept."""
    if len(values) == 0:
        return None, None
    alpha = 1 - confidence
    lo, hi = np.quantile(np.asarray(values, dtype=float), [alpha / 2, 1 - alpha / 2], method="linear")
    return float(lo), float(hi)
