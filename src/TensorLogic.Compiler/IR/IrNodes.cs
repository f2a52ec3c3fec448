using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler.IR;

/// <summary>A loop dimension of a kernel: one index variable with its size.</summary>
public sealed record IrIndex(int Id, string Name, int Size)
{
    public override string ToString() => Name;
}

/// <summary>A tensor read or written at plain indices, the operand of a contraction: <c>W[i, j]</c>.</summary>
public sealed record IrOperand(TensorSymbol Tensor, ImmutableArray<IrIndex> Indices)
{
    /// <summary>Boolean operands are relations, read sparsely (their true tuples).</summary>
    public bool IsSparse => Tensor.IsBoolean;

    public long Elements => Indices.Aggregate(1L, (a, i) => a * i.Size);

    public override string ToString() => $"{Tensor.Name}[{string.Join(",", Indices)}]";
}

/// <summary>How a component of the dependency graph is evaluated.</summary>
public enum StratumKind
{
    /// <summary>Not recursive: each equation once.</summary>
    Once,

    /// <summary>A virtual-index loop: all equations once per value of the loop index.</summary>
    Loop,

    /// <summary>Recursive Datalog rules: semi-naive evaluation with delta relations.</summary>
    SemiNaive,

    /// <summary>Any other recursion: sweeps until the largest change is below the tolerance.</summary>
    Fixpoint,
}

/// <summary>A lowered program: its components in evaluation order, each a list of kernels.</summary>
public sealed record IrProgram(
    BoundProgram Source,
    ImmutableArray<IrStratum> Strata,
    ImmutableArray<TensorSymbol> Temporaries,
    ImmutableArray<string> AppliedPasses);

public sealed record IrStratum(Stratum Source, StratumKind Kind, ImmutableArray<IrEquation> Equations);

/// <summary>
/// One equation: its terms write into an accumulator of the target's shape, then <see cref="Finish"/>
/// applies the outer function to the reached cells and adds the result to the target.
/// <see cref="ReachesEveryCell"/> is true when every term provably reaches every cell (dense plain
/// contractions), so no reached-mask is needed.
/// </summary>
public sealed record IrEquation(
    BoundEquation Source,
    TensorSymbol Target,
    ImmutableArray<IrTerm> Terms,
    OuterFunction? Finish,
    bool ReachesEveryCell,
    bool IsFolded)
{
    public SourceLocation Location => Source.Location;
}

/// <summary>One term of an equation, as the kernel that computes it.</summary>
public abstract record IrTerm(int Sign, Aggregation Aggregation);

/// <summary>
/// <c>Output[o] += Scale · Σ Π Inputs</c>: a pure einsum of plain-indexed operands, evaluated in the
/// order <see cref="Plan"/> chose. Output indices are the target's (all distinct plain variables).
/// </summary>
public sealed record ContractionTerm(
    int Sign,
    IrOperand Output,
    ImmutableArray<IrOperand> Inputs,
    double Scale,
    ContractionPlan Plan) : IrTerm(Sign, Aggregation.Sum)
{
    /// <summary>
    /// Relations over output indices only, such as the causal mask <c>Before(q, p)</c>: the term reaches
    /// exactly the cells where all of them hold. The contraction is computed densely and then masked.
    /// </summary>
    public ImmutableArray<IrOperand> Masks { get; init; } = [];
}

/// <summary>
/// <c>Output[o] += Scale · Input[i]</c> where the input's indices are some of the output's: a bias added
/// to every row (<c>H[n, j] = W[j, i] X[n, i] + B[j]</c>). Every output cell is reached.
/// </summary>
public sealed record BroadcastTerm(int Sign, IrOperand Output, IrOperand Input, double Scale) : IrTerm(Sign, Aggregation.Sum);

/// <summary>
/// A convolution-like term: one input is read at shifted indices (<c>Img[x+dx, y+dy, c]</c>). The shifted
/// input is first gathered into <see cref="Window"/> (im2col: <c>$window0[x, y, dx, dy, c]</c>, zero where the
/// shift leaves the input), then <see cref="Contraction"/> is an ordinary planned einsum over it.
/// <see cref="SourceIndices"/> give, per source position, the index expression over the window's indices.
/// </summary>
public sealed record WindowTerm(
    ContractionTerm Contraction,
    TensorSymbol Source,
    IrOperand Window,
    ImmutableArray<BoundIndex> SourceIndices) : IrTerm(Contraction.Sign, Aggregation.Sum);

/// <summary>
/// Anything else (index arithmetic, inner calls, comparisons, max=/avg=, ...): a fused loop nest over
/// the term's variables that evaluates the bound term per binding, exactly as the reference does.
/// </summary>
public sealed record LoopTerm(int Sign, Aggregation Aggregation, BoundEquation Equation, BoundTerm Term)
    : IrTerm(Sign, Aggregation);
