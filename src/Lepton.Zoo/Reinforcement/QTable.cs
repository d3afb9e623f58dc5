using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using static TorchSharp.torch;

namespace Lepton.Zoo.Reinforcement;

/// <summary>The value of each action in each state of a small discrete environment: what tabular Q-learning learns.</summary>
public sealed class QTable
{
    private readonly double[] _values;

    /// <summary>A table of zeros for <paramref name="states"/> states and <paramref name="actions"/> actions.</summary>
    public QTable(int states, int actions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(states, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(actions, 1);
        StateCount = states;
        ActionCount = actions;
        _values = new double[checked(states * actions)];
    }

    /// <summary>The number of states (rows).</summary>
    public int StateCount { get; }

    /// <summary>The number of actions (columns).</summary>
    public int ActionCount { get; }

    /// <summary>The value of <paramref name="action"/> in <paramref name="state"/>.</summary>
    public double this[int state, int action]
    {
        get => _values[Index(state, action)];
        set => _values[Index(state, action)] = value;
    }

    /// <summary>The best value in <paramref name="state"/>.</summary>
    public double Max(int state)
    {
        var best = double.NegativeInfinity;
        for (var a = 0; a < ActionCount; a++) best = Math.Max(best, this[state, a]);
        return best;
    }

    /// <summary>The action of highest value in <paramref name="state"/>; ties go to the lowest action, as numpy's argmax.</summary>
    public int GreedyAction(int state)
    {
        var best = 0;
        for (var a = 1; a < ActionCount; a++)
        {
            if (this[state, a] > this[state, best]) best = a;
        }
        return best;
    }

    /// <summary>
    /// The table as a Lepton model: input one state id (shape [1]), output the action values (shape [actions]), an
    /// <see cref="Embedding"/> lookup holding the table. It saves, loads and serves like any model.
    /// </summary>
    public Sequential ToModel(string name = "q_table")
    {
        var lookup = new Embedding(StateCount, ActionCount, "q_values");
        var model = new Sequential(new Shape(1), [lookup, new Flatten("actions")], name);
        using var noGrad = no_grad();
        using var values = tensor(_values.Select(v => (float)v).ToArray(), [StateCount, ActionCount]);
        lookup.parameters().Single().copy_(values);
        return model;
    }

    private int Index(int state, int action)
    {
        if ((uint)state >= (uint)StateCount) throw new ArgumentOutOfRangeException(nameof(state), state, $"The table has states 0 to {StateCount - 1}.");
        if ((uint)action >= (uint)ActionCount) throw new ArgumentOutOfRangeException(nameof(action), action, $"The table has actions 0 to {ActionCount - 1}.");
        return state * ActionCount + action;
    }
}
