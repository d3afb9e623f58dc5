namespace Lepton.Training.Automatic;

/// <summary>The table or the options cannot be trained on as asked (no such target, one class, an empty table); the message says what to change.</summary>
public sealed class TrainingException(string message, Exception? inner = null) : Exception(message, inner);
