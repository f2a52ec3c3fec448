namespace TensorLogic.Runtime.Training;

/// <summary>The outcome: the learned tensors and the per-epoch log.</summary>
public sealed record TrainingResult(IReadOnlyList<Parameter> Parameters, TrainingLog Log, int ValidationExamples, bool Stopped);
