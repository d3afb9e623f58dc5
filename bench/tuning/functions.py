"""The three test functions of the sampler benchmark, defined as bench/Lepton.Bench.Tuning/TestFunction.cs defines them.

Each is (name, known minimum, parameters [(name, low, high, log)], f(list of floats)). Minimizations."""
import math

ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8],
     [0.05, 10, 17, 0.1, 8, 14],
     [3, 3.5, 1.7, 10, 17, 8],
     [17, 8, 0.05, 10, 0.1, 14]]
P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
     [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
     [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650],
     [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]


def branin(p):
    x, y = p
    b = 5.1 / (4 * math.pi ** 2)
    return (y - b * x * x + 5 / math.pi * x - 6) ** 2 + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x) + 10


def hartmann6(p):
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (p[j] - P[i][j]) ** 2 for j in range(6))) for i in range(4))


def rosenbrock(p):
    return sum(100 * (p[i + 1] - p[i] ** 2) ** 2 + (1 - p[i]) ** 2 for i in range(len(p) - 1))


FUNCTIONS = {
    "branin": (0.397887, [("x0", -5.0, 10.0, False), ("x1", 0.0, 15.0, False)], branin),
    "hartmann6": (-3.32237, [(f"x{j}", 0.0, 1.0, False) for j in range(6)], hartmann6),
    "rosenbrock10_log": (0.0, [(f"x{j}", 1e-3, 10.0, True) for j in range(10)], rosenbrock),
}
