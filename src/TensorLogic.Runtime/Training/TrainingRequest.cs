using TensorLogic.Compiler.Data;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Execution;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Runtime.Training;

/// <summary>What <c>tlc train</c> and embedders ask for: the program, how to read its data, the engine, and settings overriding its <c>learn</c> statement.</summary>
public sealed record TrainingRequest(IReadOnlyList<SourceText> Sources, IDataReader DataReader, IEngine Engine)
{
    public IReadOnlyList<string>? SearchPath { get; init; }

    public LearningSettings Overrides { get; init; } = new();

    public EvaluationOptions Evaluation { get; init; } = new();

    /// <summary>
    /// A folder with held-out examples: files named as the program's example files, validated on after each
    /// epoch instead of a split of the training examples.
    /// </summary>
    public string? ValidationData { get; init; }

    /// <summary>Values to start from instead of the initialization (saved parameters), by tensor name.</summary>
    public IReadOnlyDictionary<string, double[]>? StartFrom { get; init; }
}
