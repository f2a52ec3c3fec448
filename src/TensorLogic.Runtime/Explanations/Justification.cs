namespace TensorLogic.Runtime.Explanations;

/// <summary>
/// Why an atom holds (<see cref="Derivation"/>) or why a cell has its value (<see cref="Optimum"/>): the
/// chain of a <c>min=</c> cell reads relations whose derivations hang under it, so one tree holds both.
/// </summary>
public abstract record Justification;
