namespace Lepton.Serving.Runtimes;

/// <summary>One pass's answer: every sample's raw outputs, their probabilities (null without a loss that gives them), and one sample's output shape.</summary>
internal readonly record struct RunnerOutput(float[] Outputs, float[]? Probabilities, long[] SampleShape);
