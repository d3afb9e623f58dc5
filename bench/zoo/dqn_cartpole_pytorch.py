"""The peer of `lepton zoo run dqn-cartpole`: the same DQN in PyTorch, step for step as Stable-Baselines3 runs it
(rl-baselines3-zoo's CartPole-v1 settings), on Gymnasium's CartPole-v1 physics written out below (no gymnasium/SB3
here: no PyPI). Prints 'dqn-cartpole-pytorch: mean_reward X' over 100 greedy evaluation episodes.

    /usr/bin/python3 bench/zoo/dqn_cartpole_pytorch.py [--seed 1] [--steps 50000]
"""
import argparse
import math
import random
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class CartPole:
    """Gymnasium's CartPole-v1: Euler steps, termination at 12 degrees or 2.4, truncation at 500 steps."""

    def __init__(self):
        self.rng = random.Random()
        self.state = None
        self.steps = 0

    def reset(self, seed=None):
        if seed is not None:
            self.rng.seed(seed)
        self.state = [self.rng.uniform(-0.05, 0.05) for _ in range(4)]
        self.steps = 0
        return list(self.state)

    def step(self, action):
        x, x_dot, theta, theta_dot = self.state
        force = 10.0 if action == 1 else -10.0
        cos, sin = math.cos(theta), math.sin(theta)
        temp = (force + 0.05 * theta_dot ** 2 * sin) / 1.1
        theta_acc = (9.8 * sin - cos * temp) / (0.5 * (4.0 / 3.0 - 0.1 * cos ** 2 / 1.1))
        x_acc = temp - 0.05 * theta_acc * cos / 1.1
        x, x_dot = x + 0.02 * x_dot, x_dot + 0.02 * x_acc
        theta, theta_dot = theta + 0.02 * theta_dot, theta_dot + 0.02 * theta_acc
        self.state = [x, x_dot, theta, theta_dot]
        self.steps += 1
        terminated = abs(x) > 2.4 or abs(theta) > 12 * 2 * math.pi / 360
        return list(self.state), 1.0, terminated, self.steps >= 500


def network():
    return nn.Sequential(nn.Linear(4, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 2))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--steps", type=int, default=50_000)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    rng = random.Random(args.seed)
    total, learning_starts, train_freq, gradient_steps, batch = args.steps, 1000, 256, 128, 64
    q, target = network(), network()
    target.load_state_dict(q.state_dict())
    optimizer = torch.optim.Adam(q.parameters(), lr=2.3e-3)
    capacity = 100_000
    obs_buf = torch.zeros(capacity, 4)
    next_buf = torch.zeros(capacity, 4)
    act_buf = torch.zeros(capacity, 1, dtype=torch.long)
    rew_buf = torch.zeros(capacity, 1)
    done_buf = torch.zeros(capacity, 1)
    pos, full = 0, False
    env = CartPole()
    obs = env.reset(rng.randrange(2 ** 31))
    epsilon, returns, episode_return = 1.0, [], 0.0
    started = time.time()
    for step in range(1, total + 1):
        if step - 1 < learning_starts or rng.random() < epsilon:
            action = rng.randrange(2)
        else:
            with torch.no_grad():
                action = int(q(torch.tensor([obs], dtype=torch.float32)).argmax(1))
        next_obs, reward, terminated, truncated = env.step(action)
        obs_buf[pos] = torch.tensor(obs)
        next_buf[pos] = torch.tensor(next_obs)
        act_buf[pos, 0], rew_buf[pos, 0], done_buf[pos, 0] = action, reward, float(terminated)
        pos = (pos + 1) % capacity
        full = full or pos == 0
        episode_return += reward
        obs = next_obs
        if terminated or truncated:
            returns.append(episode_return)
            episode_return = 0.0
            obs = env.reset()
        if step % 10 == 0:  # SB3: target_update_interval counts environment steps
            target.load_state_dict(q.state_dict())
        progress = step / total
        epsilon = 0.04 if progress > 0.16 else 1.0 + progress * (0.04 - 1.0) / 0.16
        if step % train_freq == 0 and step > learning_starts:
            upper = capacity if full else pos
            for _ in range(gradient_steps):
                idx = torch.randint(0, upper, (batch,))
                with torch.no_grad():
                    best = target(next_buf[idx]).max(1, keepdim=True).values
                    goal = rew_buf[idx] + (1 - done_buf[idx]) * 0.99 * best
                taken = q(obs_buf[idx]).gather(1, act_buf[idx])
                loss = F.smooth_l1_loss(taken, goal)
                optimizer.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(q.parameters(), 10)
                optimizer.step()
    train_seconds = time.time() - started
    evaluation = []
    for i in range(100):
        obs, done, total_reward = env.reset(1_000_000 + i), False, 0.0
        while not done:
            with torch.no_grad():
                action = int(q(torch.tensor([obs], dtype=torch.float32)).argmax(1))
            obs, reward, terminated, truncated = env.step(action)
            total_reward += reward
            done = terminated or truncated
        evaluation.append(total_reward)
    last = returns[-100:]
    print(f"training return (last 100 episodes) {sum(last) / len(last):.1f}; training {train_seconds:.1f} s")
    print(f"dqn-cartpole-pytorch: mean_reward {sum(evaluation) / len(evaluation):.4f}")


if __name__ == "__main__":
    main()
