using Lepton.Nn.Models;

namespace Lepton.Cli.Commands;

/// <summary>Loads a model file named on the command line, with a message that says what to do when it is missing.</summary>
internal static class ModelLoader
{
    public static Model Load(string path)
    {
        if (!File.Exists(path))
            throw new CliException($"Model file '{path}' does not exist. Train one with 'lepton quickstart' (it writes models/fashion-mnist.lepton).");
        return Model.Load(path);
    }
}
