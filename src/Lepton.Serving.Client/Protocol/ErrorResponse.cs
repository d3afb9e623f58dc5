namespace Lepton.Serving.Protocol;

/// <summary>The body of every error answer: <c>{"error": "what happened and what to do"}</c>.</summary>
/// <param name="Error">The message.</param>
public sealed record ErrorResponse(string Error);
