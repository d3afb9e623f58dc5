using Lepton.Nn.Layers;
using Lepton.Nn.Models;

namespace Lepton.Cli.Commands.Compress;

/// <summary>
/// A smaller student for distillation made from the teacher's own architecture: a <see cref="Sequential"/> teacher
/// with every width (a Dense layer's units, a convolution's filters, a recurrent layer's units) scaled by a factor,
/// except the last layer's, which gives the outputs. New weights, initialized as the layers' initializers say.
/// </summary>
internal static class StudentArchitecture
{
    private static readonly string[] WidthKeys = ["units", "filters"];

    /// <exception cref="CliException">The teacher is not a Sequential, or the factor is not in (0, 1].</exception>
    public static Sequential Narrower(Model teacher, string source, double width)
    {
        if (!(width > 0 && width <= 1)) throw new CliException($"--width must be a number in (0, 1], the share of the teacher's widths the student keeps, not {width}.");
        if (teacher is not Sequential)
            throw new CliException($"'{source}' is a {teacher.TypeName}; --width narrows a Sequential model's layers. Give the student's model file instead (--student FILE).");
        var config = teacher.GetConfig();
        var layers = config.GetConfigs("layers").ToList();
        var last = layers.FindLastIndex(l => WidthKeys.Any(l.Has));
        for (var i = 0; i < last; i++)
        {
            foreach (var key in WidthKeys.Where(layers[i].Has))
                layers[i].Set(key, Math.Max(1, (int)Math.Round(layers[i].GetInt(key) * width, MidpointRounding.AwayFromZero)));
        }
        return new Sequential(teacher.InputShapes[0], layers.Select(LayerRegistry.Create).ToList(), $"{teacher.Name}_student");
    }
}
