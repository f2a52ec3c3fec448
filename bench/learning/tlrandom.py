"""tlc train's random choices, written again in Python, so that PyTorch trains on exactly the same split,
batches and initial values (src/TensorLogic.Runtime/Training: TrainingRandom, MinibatchPlan, Initializer).

TrainingRandom is xoshiro256** seeded through SplitMix64, forked per purpose by an FNV-1a hash of the
purpose's name. The arithmetic here is the C#'s on unsigned 64-bit integers, masked after every step.
"""
import math

MASK = (1 << 64) - 1


def _rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


def _splitmix64(state):
    """(the new state, the output) of one SplitMix64 step."""
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def _stable_hash(text):
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & MASK
    return h


class TrainingRandom:
    def __init__(self, seed):
        self.seed = seed & MASK
        mixer = self.seed
        self.s = []
        for _ in range(4):
            mixer, value = _splitmix64(mixer)
            self.s.append(value)
        self._spare = None

    def fork(self, purpose):
        _, seed = _splitmix64(self.seed ^ _stable_hash(purpose))
        return TrainingRandom(seed)

    def next_uint64(self):
        s0, s1, s2, s3 = self.s
        result = (_rotl((s1 * 5) & MASK, 7) * 9) & MASK
        t = (s1 << 17) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = _rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def next_double(self):
        return (self.next_uint64() >> 11) * (1.0 / (1 << 53))

    def next_int(self, max_exclusive):
        """Lemire's multiply-and-reject, as in the C#."""
        span = max_exclusive
        threshold = ((1 << 32) - span) % span
        while True:
            product = (self.next_uint64() >> 32) * span
            if (product & 0xFFFFFFFF) >= threshold:
                return product >> 32

    def next_normal(self):
        if self._spare is not None:
            spare, self._spare = self._spare, None
            return spare
        radius = math.sqrt(-2.0 * math.log(1.0 - self.next_double()))
        angle = 2.0 * math.pi * self.next_double()
        self._spare = radius * math.sin(angle)
        return radius * math.cos(angle)

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.next_int(i + 1)
            items[i], items[j] = items[j], items[i]


class MinibatchPlan:
    """The held-out examples and each epoch's batches (MinibatchPlan.cs)."""

    def __init__(self, count, batch, validate, random):
        self.batch = batch
        self.random = random
        ids = list(range(count))
        random.fork("validation split").shuffle(ids)
        held = int(math.floor(count * validate + 0.5)) if validate > 0 else 0   # away from zero for positives
        if validate > 0:
            held = max(held, 1)
        held = max(0, min(held, count - 1))
        self.validation = sorted(ids[:held])
        self.training = sorted(ids[held:])

    def epoch(self, epoch):
        """The batches of epoch `epoch` (counted from 0)."""
        if self.batch == 0 or self.batch >= len(self.training):
            return [list(self.training)]
        order = list(self.training)
        self.random.fork(f"epoch {epoch}").shuffle(order)
        return [order[i:i + self.batch] for i in range(0, len(order), self.batch)]


def initial_values(name, shape, seed):
    """The default initialization of a learned tensor: zeros for rank ≤ 1, else Xavier uniform with
    PyTorch's fans (Initializer.cs), drawn from the tensor's own stream."""
    count = math.prod(shape)
    if len(shape) <= 1:
        return [0.0] * count
    receptive = math.prod(shape[2:])
    fan_in, fan_out = shape[1] * receptive, shape[0] * receptive
    bound = math.sqrt(6.0 / (fan_in + fan_out))
    random = TrainingRandom(seed).fork("init").fork(name)
    return [bound * (2.0 * random.next_double() - 1.0) for _ in range(count)]


def plan(count, batch, validate, seed):
    return MinibatchPlan(count, batch, validate, TrainingRandom(seed).fork("batches"))
