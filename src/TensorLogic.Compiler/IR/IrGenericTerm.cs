using System.Collections.Immutable;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler.IR;

/// <summary>
/// One additive term in its generic form, <c>Sign · Π Factors</c> evaluated for every binding of
/// <see cref="Variables"/> (the target's variables and the term's own; the others are projected):
/// <c>Y[i] = W[i, j] X[j+1]</c> has the term <c>Σ[i, j] W[i, j] X[(j+1)]</c>. Every equation keeps this form
/// of each of its terms, whatever kernel computes them, so the reference provider can evaluate any equation.
/// </summary>
public sealed record IrGenericTerm(
    int Sign,
    ImmutableArray<IrExpression> Factors,
    ImmutableArray<IrIndex> Variables,
    SourceLocation Location)
{
    /// <summary>Bindings times factors, the binding-by-binding measure of work.</summary>
    public double Work => Variables.Aggregate(1.0, (a, v) => a * v.Size) * Math.Max(1, Factors.Length);
}
