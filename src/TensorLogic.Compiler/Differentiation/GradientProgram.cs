using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Formatting;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Differentiation;

/// <summary>
/// The gradient equations of a loss, as Tensor Logic statements: declarations of the gradient tensors,
/// then one equation per (equation, tensor read), from the loss backwards. Added to the program they were
/// made from, they compute <see cref="Gradients"/> on any engine.
/// </summary>
public sealed record GradientProgram(
    TensorSymbol Loss,
    ImmutableArray<Statement> Statements,
    ImmutableArray<(TensorSymbol Tensor, string Gradient)> Gradients,
    ImmutableArray<TensorSymbol> WithoutGradient)
{
    /// <summary>The statements, one a line, in canonical form.</summary>
    public string Text => string.Concat(Statements.Select(s => Formatter.Format(s) + "\n"));

    /// <summary><c>DLoss_dW?</c> for each requested gradient.</summary>
    public string QueryText => string.Concat(Gradients.Select(g => g.Gradient + "?\n"));
}
