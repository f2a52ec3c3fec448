using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Compiler.IR;

/// <summary>
/// The outermost function of an equation, applied to the reached cells after the terms are projected and
/// summed: <c>relu</c> in <c>Y[i] = relu(W[i, j] X[j])</c>. <see cref="ExtraArguments"/> are the scalar
/// arguments after the first (the temperature 2 of <c>sig(W[i, j] X[j], 2)</c>); <see cref="NormalizedAxes"/>
/// are the stored target positions a normalization acts along (1 in <c>Comp[p, p'.] = softmax(...)</c>).
/// </summary>
public sealed record IrOuterFunction(
    BuiltinFunction Function,
    ImmutableArray<IrExpression> ExtraArguments,
    ImmutableArray<int> NormalizedAxes);
