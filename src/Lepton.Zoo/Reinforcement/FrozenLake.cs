namespace Lepton.Zoo.Reinforcement;

/// <summary>
/// Gymnasium's <c>FrozenLake-v1</c>: walk from S to G on a grid of frozen cells (F) without falling into a hole (H).
/// Observations are cells, <c>row × columns + column</c>; actions are 0 left, 1 down, 2 right, 3 up. On slippery ice
/// the agent moves as intended with probability 1/3 and to each side (perpendicular) with 1/3; a move off the grid
/// stays put. Reaching G gives reward 1 and ends the episode, a hole ends it with 0; the time limit is 100 steps
/// (Gymnasium's registration of the 4×4 map).
/// </summary>
public sealed class FrozenLake : Env<int, int>
{
    /// <summary>Gymnasium's default 4×4 map.</summary>
    public static IReadOnlyList<string> Map4x4 { get; } = ["SFFF", "FHFH", "FFFH", "HFFG"];

    /// <summary>Move left.</summary>
    public const int Left = 0;

    /// <summary>Move down.</summary>
    public const int Down = 1;

    /// <summary>Move right.</summary>
    public const int Right = 2;

    /// <summary>Move up.</summary>
    public const int Up = 3;

    private readonly string _cells;
    private readonly FrozenLakeMove[][][] _moves;
    private int _state;

    /// <summary>A lake on <paramref name="map"/> (default: <see cref="Map4x4"/>).</summary>
    /// <param name="map">Rows of S (start, one), F (frozen), H (hole) and G (goal) cells, all the same length.</param>
    /// <param name="slippery">Gymnasium's <c>is_slippery</c>: moves slip sideways with probability 2/3.</param>
    /// <param name="maxEpisodeSteps">The time limit (100 for the 4×4 map in Gymnasium).</param>
    public FrozenLake(IReadOnlyList<string>? map = null, bool slippery = true, int? maxEpisodeSteps = 100)
        : this(Check(map ?? Map4x4), slippery, maxEpisodeSteps)
    {
    }

    private FrozenLake(string[] rows, bool slippery, int? maxEpisodeSteps)
        : base(new Discrete(rows.Length * rows[0].Length), new Discrete(4), maxEpisodeSteps)
    {
        Rows = rows.Length;
        Columns = rows[0].Length;
        Slippery = slippery;
        _cells = string.Concat(rows);
        StartState = _cells.IndexOf('S', StringComparison.Ordinal);
        _moves = new FrozenLakeMove[_cells.Length][][];
        for (var s = 0; s < _cells.Length; s++)
        {
            _moves[s] = new FrozenLakeMove[4][];
            for (var a = 0; a < 4; a++) _moves[s][a] = Outcomes(s, a);
        }
    }

    /// <inheritdoc />
    public override string Name => "FrozenLake-v1";

    /// <summary>Rows of the grid.</summary>
    public int Rows { get; }

    /// <summary>Columns of the grid.</summary>
    public int Columns { get; }

    /// <summary>Whether moves slip.</summary>
    public bool Slippery { get; }

    /// <summary>The start cell.</summary>
    public int StartState { get; }

    /// <summary>The number of cells (observations).</summary>
    public int StateCount => _cells.Length;

    /// <summary>The current cell.</summary>
    public int State => _state;

    /// <summary>The letter of <paramref name="state"/>: S, F, H or G.</summary>
    public char CellAt(int state) => _cells[state];

    /// <summary>Whether an episode ends on <paramref name="state"/> (a hole or the goal).</summary>
    public bool IsTerminal(int state) => _cells[state] is 'H' or 'G';

    /// <summary>
    /// The outcomes of <paramref name="action"/> in <paramref name="state"/> with their probabilities, as Gymnasium's
    /// <c>env.P[state][action]</c> (one entry per direction tried, so a cell may appear twice); for planning.
    /// </summary>
    public IReadOnlyList<FrozenLakeMove> Moves(int state, int action)
    {
        if (!ObservationSpace.Contains(state)) throw new ArgumentOutOfRangeException(nameof(state), state, $"{Name} has cells 0 to {StateCount - 1}.");
        if (!ActionSpace.Contains(action)) throw new ArgumentOutOfRangeException(nameof(action), action, $"{Name} has actions 0 to 3.");
        return _moves[state][action];
    }

    /// <inheritdoc />
    protected override int ResetEpisode() => _state = StartState;

    /// <inheritdoc />
    protected override (int Observation, double Reward, bool Terminated) Transition(int action)
    {
        var outcomes = _moves[_state][action];
        // Gymnasium's categorical_sample: the first outcome whose cumulative probability exceeds a uniform draw.
        var draw = Random.NextDouble();
        var chosen = outcomes[^1];
        var cumulative = 0.0;
        foreach (var outcome in outcomes)
        {
            cumulative += outcome.Probability;
            if (cumulative > draw)
            {
                chosen = outcome;
                break;
            }
        }
        _state = chosen.NextState;
        return (_state, chosen.Reward, chosen.Terminated);
    }

    private FrozenLakeMove[] Outcomes(int state, int action)
    {
        if (IsTerminal(state)) return [new FrozenLakeMove(1.0, state, 0, true)];
        int[] directions = Slippery ? [(action + 3) % 4, action, (action + 1) % 4] : [action];
        return directions.Select(d =>
        {
            var next = Move(state, d);
            return new FrozenLakeMove(1.0 / directions.Length, next, _cells[next] == 'G' ? 1.0 : 0.0, IsTerminal(next));
        }).ToArray();
    }

    private int Move(int state, int direction)
    {
        var (row, column) = (state / Columns, state % Columns);
        switch (direction)
        {
            case Left: column = Math.Max(column - 1, 0); break;
            case Down: row = Math.Min(row + 1, Rows - 1); break;
            case Right: column = Math.Min(column + 1, Columns - 1); break;
            default: row = Math.Max(row - 1, 0); break;
        }
        return row * Columns + column;
    }

    private static string[] Check(IReadOnlyList<string> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var rows = map.ToArray();
        if (rows.Length == 0 || rows[0].Length == 0 || rows.Any(r => r is null || r.Length != rows[0].Length))
            throw new ArgumentException("A FrozenLake map needs at least one row, all rows the same length.", nameof(map));
        var cells = string.Concat(rows);
        if (cells.Any(c => c is not ('S' or 'F' or 'H' or 'G')))
            throw new ArgumentException($"A FrozenLake map holds only S, F, H and G cells; got '{cells.First(c => c is not ('S' or 'F' or 'H' or 'G'))}'.", nameof(map));
        if (cells.Count(c => c == 'S') != 1) throw new ArgumentException("A FrozenLake map needs exactly one start cell S.", nameof(map));
        if (!cells.Contains('G', StringComparison.Ordinal)) throw new ArgumentException("A FrozenLake map needs a goal cell G.", nameof(map));
        return rows;
    }
}
