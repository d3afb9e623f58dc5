"""The machine a training benchmark ran on, as both training reports (report.py, speed_report.py) record it."""
import os
import platform
import subprocess


def run(*args):
    try:
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine(**extra):
    """CPU, cores, memory, OS, .NET SDK, Python, commit and OMP_NUM_THREADS, then the caller's own fields."""
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "unknown")
    memory = next((int(line.split()[1]) / 1024 / 1024 for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    pretty = next((line.split("=", 1)[1].strip().strip('"') for line in open("/etc/os-release") if line.startswith("PRETTY_NAME")), "unknown")
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(memory, 1), "os": f"{pretty}, Linux {platform.release()}",
            "dotnet_sdk": run("dotnet", "--version"), "python": platform.python_version(), "commit": run("git", "rev-parse", "--short", "HEAD"),
            "omp_num_threads": os.environ.get("OMP_NUM_THREADS"), **extra}
