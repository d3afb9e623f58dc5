using Lepton.Nn.Layers;
using Lepton.Nn.Models;

namespace Lepton.Nn.Tests;

public sealed class SummaryTests
{
    [Fact]
    public void Summary_with_a_declared_input_shape_shows_every_shape_and_count_before_training()
    {
        var model = new Sequential(new Shape(4), new Dense(16, "relu", name: "hidden"), new Dense(2, name: "logits"));
        var text = model.Summary();
        Assert.Contains("hidden (Dense)", text);
        Assert.Contains("(None, 16)", text);
        Assert.Contains("(None, 2)", text);
        // 4*16+16 = 80 and 16*2+2 = 34.
        Assert.Matches(@"│\s+80 │", text);
        Assert.Contains("Total params: 114 (456.00 B)", text);
        Assert.Contains("Trainable params: 114", text);
        Assert.Contains("Non-trainable params: 0", text);
    }

    [Fact]
    public void Summary_before_the_shape_is_known_says_so_plainly()
    {
        var text = new Sequential(new Dense(16), new Dense(2)).Summary();
        Assert.Contains("? (unbuilt)", text);
        Assert.Contains("not built yet", text);
        Assert.Contains("declare the input shape", text);
    }

    [Fact]
    public void Summary_of_a_graph_lists_inputs_and_connections()
    {
        var a = new Input(new Shape(3), "features");
        var b = new Input(new Shape(5), "extra");
        var merged = new Dense(4, name: "left").Apply(a);
        var output = new Dense(2, name: "out").Apply(merged);
        var model = new Model([a, b], output);
        var text = model.Summary();
        Assert.Contains("features (InputLayer)", text);
        Assert.Contains("Connected to", text);
        Assert.Matches(@"out \(Dense\).*left", text);
    }
}
