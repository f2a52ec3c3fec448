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

    /// <summary>A virtual-index loop: all equations once per value of the loop index (<see cref="IrStratum.LoopSteps"/>).</summary>
    Loop,

    /// <summary>Recursive Datalog rules: semi-naive evaluation over the delta relations of <see cref="IrStratum.Recursion"/>.</summary>
    SemiNaive,

    /// <summary>
    /// Any other recursion: sweeps until the largest change is below the tolerance, after one layered sweep
    /// when <see cref="IrStratum.Layers"/> is set.
    /// </summary>
    Fixpoint,

    /// <summary>
    /// Recursive <c>min=</c>/<c>max=</c> tensors whose equations move monotonically with what they read: one sweep,
    /// then semi-naive rounds that propagate only the cells improved in the last round (<see cref="IrStratum.MinMax"/>).
    /// </summary>
    MinMax,
}

/// <summary>
/// A lowered program, complete and self-contained: its components in evaluation order, each a list of
/// kernels, planned for the engine named <see cref="Target"/>. Engines and the stratum runner read nothing else.
/// </summary>
public sealed record IrProgram(
    ImmutableArray<IrStratum> Strata,
    ImmutableArray<string> AppliedPasses,
    string Target)
{
    /// <summary>The tensors some equation of the program computes (delta relations included).</summary>
    public IEnumerable<TensorSymbol> Computed => Strata.SelectMany(s => s.Tensors);
}

/// <summary>
/// One component of the dependency graph: the tensors it computes and their equations, with what its
/// schedule needs (loop steps, layer order, delta relations) worked out by the compiler.
/// </summary>
public sealed record IrStratum(ImmutableArray<TensorSymbol> Tensors, StratumKind Kind, ImmutableArray<IrEquation> Equations)
{
    /// <summary>For <see cref="StratumKind.Loop"/>: how many values the virtual index takes.</summary>
    public int LoopSteps { get; init; }

    /// <summary>For an index-shift recursion: the layered sweep run before the fixpoint confirms it.</summary>
    public LayerSweep? Layers { get; init; }

    /// <summary>For <see cref="StratumKind.SemiNaive"/>: the delta relations and the rules rewritten to read them.</summary>
    public SemiNaiveRecursion? Recursion { get; init; }

    /// <summary>For <see cref="StratumKind.MinMax"/>: the improved-cell relations and the equations rewritten to read them.</summary>
    public MinMaxRecursion? MinMax { get; init; }

    /// <summary>True when every equation reads only literals: the engine computes it while setting up.</summary>
    public bool IsFolded => !Equations.IsEmpty && Equations.All(e => e.IsFolded);
}

/// <summary>
/// Index-shift recursion as a loop over the shifted index (<c>Emb[n, l+1, d] = ... Emb[n, l, d]</c>): for each
/// layer in increasing order, each step's equation runs with its layer variable pinned and writes the cells
/// it reaches at once, so later layers read finished ones.
/// </summary>
public sealed record LayerSweep(int Layers, ImmutableArray<LayerStep> Steps)
{
    /// <summary>From the last layer down: the recursion writes at <c>l-k</c> or reads at <c>l+k</c> (a gradient's).</summary>
    public bool Descending { get; init; }
}

/// <summary>One equation of a layer sweep: its layer variable, or null when it writes a fixed layer (run at layer 0 only).</summary>
public sealed record LayerStep(IrEquation Equation, IrIndex? LayerVariable);

/// <summary>
/// Semi-naive evaluation as explicit tensors: each recursive relation R has a delta ΔR (the tuples new in the
/// last round) and a new relation R⁺ (what this round derives that R lacks). Round 0 runs the stratum's
/// equations; every later round runs <see cref="DeltaEquations"/>, one copy of each rule per recursive atom
/// in its body with that atom reading ΔR:
/// <c>Ancestor(x, z) &lt;- Ancestor(x, y), Parent(y, z)</c> → <c>Ancestor(x, z) &lt;- ΔAncestor(x, y), Parent(y, z)</c>.
/// After each round R⁺ = derived − R, R ∪= R⁺ and ΔR = R⁺, until every ΔR is empty.
/// </summary>
public sealed record SemiNaiveRecursion(ImmutableArray<DeltaRelation> Relations, ImmutableArray<IrEquation> DeltaEquations);

public sealed record DeltaRelation(TensorSymbol Relation, TensorSymbol Delta, TensorSymbol New);

/// <summary>
/// One equation, <c>Target Aggregation= Finish(Σ terms)</c>: its terms write into an accumulator of the
/// target's shape, then <see cref="Finish"/> applies the outer function to the reached cells and adds the
/// result to the target. <see cref="ReachesEveryCell"/> is true when every term provably reaches every cell
/// (dense plain contractions), so no reached-mask is needed. <see cref="Terms"/> are the kernels the
/// compiler chose; <see cref="GenericTerms"/> are the same terms binding by binding, which a provider that
/// evaluates per binding (the reference) reads instead, whatever kernels were chosen. A binding is an
/// int array indexed by <see cref="IrIndex.Id"/>, as long as <see cref="Variables"/>.
/// </summary>
public sealed record IrEquation(
    IrAccess TargetAccess,
    Aggregation Aggregation,
    ImmutableArray<IrIndex> Variables,
    ImmutableArray<IrTerm> Terms,
    ImmutableArray<IrGenericTerm> GenericTerms,
    IrOuterFunction? Finish,
    bool ReachesEveryCell,
    bool IsFolded,
    string Text,
    SourceLocation Location)
{
    public TensorSymbol Target => TargetAccess.Tensor;

    /// <summary>For an equation of a virtual-index loop: the loop variable, pinned to each step in turn.</summary>
    public IrIndex? LoopVariable { get; init; }

    /// <summary>Every tensor the equation reads, each once: what the schedule's demand cone follows.</summary>
    public ImmutableArray<TensorSymbol> Reads { get; init; } = [];

    public override string ToString() => Text;
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

    /// <summary>
    /// Comparisons of output indices (<see cref="IrComparison"/>, <c>[q &lt;= p]</c>) and <c>Even</c>/<c>Odd</c>
    /// tests (<see cref="IrIndexPredicate"/>) that mask the term like <see cref="Masks"/>: a cell is reached
    /// only where all of them hold too. A causal mask written as a rule arrives here once
    /// <c>Passes/MaskInlining</c> has put the rule's body in its place.
    /// </summary>
    public ImmutableArray<IrExpression> Conditions { get; init; } = [];

    /// <summary>Whether some relation or condition decides which cells the term reaches.</summary>
    public bool IsMasked => !Masks.IsEmpty || !Conditions.IsEmpty;

    /// <summary>
    /// Set when an input is the result of a normalization that this term may compute itself, a piece at a
    /// time, instead of reading the tensor (attention's weights, <c>Passes/AttentionFusion</c>). The term's
    /// meaning does not change: an engine that ignores this reads the tensor as usual.
    /// </summary>
    public FusedInput? Fused { get; init; }
}

/// <summary>
/// <c>Inputs[Position]</c> of a contraction is the tensor that <see cref="Producer"/>, its only equation, computes:
/// <c>Attn[h, p, dv] = Comp[h, p, q] Val[h, q, dv]</c> with <c>Comp[h, p, q.] = softmax(Before(q, p) Query[h, p, dk] Key[h, q, dk])</c>.
/// The compiler sets it only where the producer's value is exactly its one masked contraction under a
/// softmax along the indices this term sums (no data, one term), and where nothing else needs the tensor.
/// </summary>
public sealed record FusedInput(int Position, IrEquation Producer);

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
    ImmutableArray<IrIndexExpression> SourceIndices) : IrTerm(Contraction.Sign, Aggregation.Sum);

/// <summary>
/// Anything else (index arithmetic, inner calls, comparisons, max=/avg=, ...): a fused loop nest over
/// the term's variables that evaluates <see cref="Term"/> per binding, exactly as the reference does:
/// <c>Y[i] = X[i+1] - X[i]</c> → <c>loop over [i:4] X[(i+1)]</c> and <c>- loop over [i:4] X[i]</c>.
/// </summary>
public sealed record LoopTerm(int Sign, Aggregation Aggregation, IrGenericTerm Term)
    : IrTerm(Sign, Aggregation);
