#!/usr/bin/env bash
# The zoo's reinforcement-learning recipes, full runs through the built CLI, one markdown table row per recipe and seed:
#
#   bench/zoo/rl.sh                      q-learning and dqn-cartpole with seed 1 (about 2–5 min on 2 quiet cores)
#   SEEDS="1 2 3" bench/zoo/rl.sh        the same with several seeds (one row each, then the spread)
#   RECIPES=q-learning bench/zoo/rl.sh   one recipe only
#   CLI=path/to/lepton.dll bench/zoo/rl.sh   use a CLI already built instead of building one
#   PEER=1 bench/zoo/rl.sh               also the same DQN in PyTorch (bench/zoo/dqn_cartpole_pytorch.py, Debian's
#                                        python3-torch) for each seed: a row "dqn-cartpole (PyTorch)"
#
# Each run is `lepton zoo run RECIPE --seed S --no-tracking -o TMP`; the figure is the CLI's last line, the peer/ceiling
# figure comes from the run's own output (value iteration's optimal policy for q-learning; CartPole-v1's maximum 500
# for dqn-cartpole, which rl-baselines3-zoo's DQN reaches), the wall time is the whole command's, start-up included.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

SEEDS=${SEEDS:-1}
RECIPES=${RECIPES:-"q-learning dqn-cartpole"}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

if [ -z "${CLI:-}" ]; then
  dotnet build src/Lepton.Cli/Lepton.Cli.csproj -c Release -o "$OUT/cli" -nologo -v quiet -clp:ErrorsOnly >&2
  CLI="$OUT/cli/lepton.dll"
fi

goal() { case "$1" in q-learning) echo "≥ 0.70" ;; dqn-cartpole) echo "≥ 475" ;; esac; }

echo "Machine: $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo
echo "| recipe | seed | figure | goal | peer / ceiling | wall time |"
echo "|---|---|---|---|---|---|"
for recipe in $RECIPES; do
  for seed in $SEEDS; do
    log="$OUT/$recipe-$seed.log"
    start=$(date +%s.%N)
    dotnet "$CLI" zoo run "$recipe" --seed "$seed" --no-tracking -o "$OUT/$recipe-$seed" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
    end=$(date +%s.%N)
    figure=$(tail -n 1 "$log" | sed -E 's/^[^:]+: //')
    case "$recipe" in
      q-learning) peer="optimal policy (value iteration) $(grep -E '^ +optimal_success_rate:' "$log" | awk '{print $2}') over the same 1,000 episodes; exact $(grep -E '^ +optimal_success_probability:' "$log" | awk '{print $2}')" ;;
      dqn-cartpole) peer="500 (the maximum; SB3 DQN 500 ± 0); random policy $(grep -E '^ +random_mean_reward:' "$log" | awk '{print $2}')" ;;
      *) peer="" ;;
    esac
    printf '| %s | %s | %s | %s | %s | %.1f s |\n' "$recipe" "$seed" "$figure" "$(goal "$recipe")" "$peer" "$(echo "$end - $start" | bc -l)"
  done
done
if [ "${PEER:-0}" = 1 ]; then
  for seed in $SEEDS; do
    log="$OUT/pytorch-$seed.log"
    start=$(date +%s.%N)
    /usr/bin/python3 bench/zoo/dqn_cartpole_pytorch.py --seed "$seed" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
    end=$(date +%s.%N)
    figure=$(tail -n 1 "$log" | sed -E 's/^[^:]+: //')
    printf '| dqn-cartpole (PyTorch %s) | %s | %s | ≥ 475 | the same algorithm and settings in PyTorch | %.1f s |\n' \
      "$(/usr/bin/python3 -c 'import torch; print(torch.__version__)')" "$seed" "$figure" "$(echo "$end - $start" | bc -l)"
  done
fi
echo
echo "Load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
