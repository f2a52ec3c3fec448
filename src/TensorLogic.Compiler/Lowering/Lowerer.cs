using System.Collections.Immutable;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Planning;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Lowering;

/// <summary>
/// Lowers a checked program to kernels. A term that is a pure einsum — plain-indexed tensors and
/// constants, summed — becomes a <see cref="ContractionTerm"/> with a planned contraction order:
/// <c>Y[i] = W[i, j] X[j] / 2</c> → <c>contract W[i,j] X[j] -> Y[i] scale 0.5</c>.
/// Every other term becomes a <see cref="LoopTerm"/>, a fused loop nest over its bindings.
/// </summary>
public sealed class Lowerer
{
    private readonly ContractionPlanner _planner;
    private int _windows;

    private Lowerer(ContractionPlanner planner) => _planner = planner;

    /// <summary>The program's kernels, contractions planned with <paramref name="planner"/> for the engine named <paramref name="target"/>.</summary>
    public static IrProgram Lower(BoundProgram program, PlannerOptions planner, string target, IReadOnlySet<TensorSymbol>? inputs = null)
    {
        var lowerer = new Lowerer(new ContractionPlanner(planner));
        var strata = program.Strata.Where(s => !s.Equations.IsEmpty).Select(lowerer.LowerStratum).ToImmutableArray();
        return new IrProgram(FoldConstants(program, strata, inputs ?? new HashSet<TensorSymbol>()), [], target);
    }

    private IrStratum LowerStratum(Stratum stratum)
    {
        var equations = stratum.Equations.Select(LowerEquation).ToImmutableArray();
        if (stratum.Equations.Any(e => e.Loop is not null))
        {
            var steps = stratum.Equations.Where(e => e.Loop is not null).Max(e => e.Loop!.Variable.Domain.Size);
            return new IrStratum(stratum.Tensors, StratumKind.Loop, equations) { LoopSteps = steps };
        }
        if (!stratum.IsRecursive)
            return new IrStratum(stratum.Tensors, StratumKind.Once, equations);
        if (stratum.Equations.All(e => e.IsRule))
            return new IrStratum(stratum.Tensors, StratumKind.SemiNaive, equations) { Recursion = SemiNaive(stratum) };
        if (MinMaxRewrite.Of(stratum) is { } minMax)
        {
            var deltaEquations = minMax.DeltaVariants.Select(LowerEquation).ToImmutableArray();
            return new IrStratum(stratum.Tensors, StratumKind.MinMax, equations) { MinMax = new MinMaxRecursion(minMax.Tensors, deltaEquations) };
        }
        return new IrStratum(stratum.Tensors, StratumKind.Fixpoint, equations) { Layers = LayerAnalysis.Of(stratum, equations) };
    }

    /// <summary>The delta and new relation of each recursive relation, and the rules rewritten to read the deltas.</summary>
    private SemiNaiveRecursion SemiNaive(Stratum stratum)
    {
        var relations = stratum.Tensors
            .Select(t => new DeltaRelation(t, TensorSymbol.Derived(t, "\u0394" + t.Name), TensorSymbol.Derived(t, t.Name + "\u207A")))
            .ToImmutableArray();
        var deltas = relations.ToDictionary(r => r.Relation, r => r.Delta);
        var variants = stratum.Equations.SelectMany(e => SemiNaiveRewrite.DeltaVariants(e, deltas)).Select(LowerEquation);
        return new SemiNaiveRecursion(relations, [.. variants]);
    }

    /// <summary>
    /// Constant folding: an equation that reads only literals, facts and named constants (or tensors
    /// folded before it) has a value known before the run, so engines compute it while setting up:
    /// <c>W = [0.2, 1.9]</c>, <c>X = [0, 1]</c>, <c>Y = step(W[i] X[i])</c> → Y is folded.
    /// </summary>
    private static ImmutableArray<IrStratum> FoldConstants(BoundProgram program, ImmutableArray<IrStratum> strata, IReadOnlySet<TensorSymbol> inputs)
    {
        var withEquations = program.Equations.Select(e => e.Target.Tensor).ToHashSet();
        var fromFiles = program.Data.Where(d => d.FromFile).Select(d => d.Tensor).ToHashSet();
        var known = program.Tensors.Where(t => !withEquations.Contains(t) && !fromFiles.Contains(t) && !inputs.Contains(t)).ToHashSet();
        var result = ImmutableArray.CreateBuilder<IrStratum>();
        foreach (var stratum in strata)
        {
            var foldable = stratum.Kind == StratumKind.Once
                && stratum.Tensors.All(t => !fromFiles.Contains(t))
                && stratum.Equations.All(e => e.Reads.All(known.Contains));
            if (!foldable)
            {
                result.Add(stratum);
                continue;
            }
            known.UnionWith(stratum.Tensors);
            result.Add(stratum with { Equations = [.. stratum.Equations.Select(e => e with { IsFolded = true })] });
        }
        return result.ToImmutable();
    }

    public IrEquation LowerEquation(BoundEquation equation)
    {
        var ir = new IrConverter();
        var generic = equation.Terms.Select(ir.Term).ToImmutableArray();
        var terms = equation.Terms.Select((t, i) => LowerTerm(equation, t, generic[i], ir)).ToImmutableArray();
        var everyCell = terms.All(t => t is ContractionTerm c && c.Inputs.All(i => !i.IsSparse) && !c.IsMasked || t is BroadcastTerm or WindowTerm)
            && equation.Variables.All(v => v.Domain.Size > 0);
        var loop = equation.Loop?.Variable is { } v ? ir.Index(v) : null;
        return new IrEquation(
            ir.Access(equation.Target),
            equation.Aggregation,
            [.. equation.Variables.Select(ir.Index)],
            terms,
            generic,
            equation.Function is { } function ? ir.Function(function) : null,
            everyCell,
            IsFolded: false,
            equation.Text,
            equation.Location)
        {
            LoopVariable = loop,
            Reads = [.. equation.Reads().Select(r => r.Tensor).Distinct()],
        };
    }

    private IrTerm LowerTerm(BoundEquation equation, BoundTerm term, IrGenericTerm generic, IrConverter ir)
    {
        if (TryContraction(equation, term, ir) is { } contraction)
            return contraction;
        if (TryBroadcast(equation, term, ir) is { } broadcast)
            return broadcast;
        if (TryWindow(equation, term, ir) is { } window)
            return window;
        return new LoopTerm(term.Sign, equation.Aggregation, generic);
    }

    private ContractionTerm? TryContraction(BoundEquation equation, BoundTerm term, IrConverter ir)
    {
        if (equation.Aggregation != Aggregation.Sum || equation.Loop is not null || !term.Factors.Any())
            return null;
        if (Operand(equation.Target, ir) is not { } output)
            return null;
        var inputs = ImmutableArray.CreateBuilder<IrOperand>();
        var masks = ImmutableArray.CreateBuilder<IrOperand>();
        var conditions = ImmutableArray.CreateBuilder<IrExpression>();
        var scale = 1.0;
        foreach (var factor in term.Factors)
        {
            if (ConstantFolder.Value(factor) is { } constant)
                scale *= constant;
            else if (IsMaskCondition(equation, factor, output, ir))
                conditions.Add(ir.Expression(factor));
            else if (factor is BoundTensorRead read && Operand(read.Reference, ir) is { } operand)
            {
                // Under an outer function, a relation over output indices only decides which cells exist
                // (the causal mask of softmax): it is applied as a mask to a dense contraction. Without one,
                // a sparse step gives the same values.
                if (operand.IsSparse && equation.Function is not null && operand.Indices.All(output.Indices.Contains)
                    && !equation.Target.Tensor.IsBoolean)
                    masks.Add(operand);
                else
                    inputs.Add(operand);
            }
            else
                return null;
        }
        var operands = inputs.ToImmutable();
        // Relations filter bindings: with an outer function, which cells were reached matters, so the loop handles it.
        // So it does for a min= or max= tensor, where a cell no binding reaches keeps its value rather than
        // combining with a 0 (a contraction's result covers every cell).
        if (operands.IsEmpty || operands.Any(o => o.IsSparse) && (equation.Function is not null || equation.Target.Tensor.Combination != Aggregation.Sum))
            return null;
        // An output index no input mentions: a single dense input is broadcast; anything else is a loop.
        if (output.Indices.Any(i => !operands.Any(o => o.Indices.Contains(i))))
            return null;
        if (_planner.Plan(operands, output, TensorSymbol.Temporary) is not { } plan)
            return null;
        return new ContractionTerm(term.Sign, output, operands, scale, plan) { Masks = masks.ToImmutable(), Conditions = conditions.ToImmutable() };
    }

    /// <summary>
    /// Under an outer function, a comparison or parity test of output indices only (<c>[q &lt;= p]</c>, which
    /// <c>Passes/MaskInlining</c> leaves where a causal mask rule was read) decides which cells exist, as a mask does.
    /// </summary>
    private static bool IsMaskCondition(BoundEquation equation, BoundExpression factor, IrOperand output, IrConverter ir)
    {
        if (equation.Function is null || equation.Target.Tensor.IsBoolean)
            return false;
        var indices = factor switch
        {
            BoundComparison comparison => comparison.Left.Variables().Concat(comparison.Right.Variables()),
            BoundIndexPredicate predicate => predicate.Index.Variables(),
            _ => null,
        };
        return indices is not null && indices.All(v => output.Indices.Contains(ir.Index(v)));
    }

    /// <summary>One dense factor whose indices are some of the output's, times constants: a broadcast add.</summary>
    private static BroadcastTerm? TryBroadcast(BoundEquation equation, BoundTerm term, IrConverter ir)
    {
        if (equation.Aggregation != Aggregation.Sum || equation.Loop is not null || equation.Target.Tensor.IsBoolean)
            return null;
        if (Operand(equation.Target, ir) is not { } output)
            return null;
        IrOperand? input = null;
        var scale = 1.0;
        foreach (var factor in term.Factors)
        {
            if (ConstantFolder.Value(factor) is { } constant)
                scale *= constant;
            else if (input is null && factor is BoundTensorRead read && Operand(read.Reference, ir) is { IsSparse: false } operand)
                input = operand;
            else
                return null;
        }
        if (input is null || !input.Indices.All(output.Indices.Contains) || equation.Variables.Any(v => v.Domain.Size == 0))
            return null;
        return new BroadcastTerm(term.Sign, output, input, scale);
    }

    /// <summary>
    /// <c>F[x, y, o] = W[dx, dy, c, o] Img[x+dx, y+dy, c]</c>: the read at <c>x+dx</c>, <c>y+dy</c> becomes a gathered
    /// window <c>$window[x, y, dx, dy, c]</c> and the term a GEMM over it. Only when every output cell is
    /// still reached (each shift can be 0 and x ranges no further than the input), so zeros in the window
    /// change nothing.
    /// </summary>
    private WindowTerm? TryWindow(BoundEquation equation, BoundTerm term, IrConverter ir)
    {
        if (equation.Aggregation != Aggregation.Sum || equation.Loop is not null || equation.Target.Tensor.IsBoolean)
            return null;
        var reads = term.Factors.OfType<BoundTensorRead>().ToList();
        var shifted = reads.Where(r => r.Reference.Indices.Any(i => i is not VariableIndex)).ToList();
        if (shifted.Count != 1 || shifted[0].Reference.Virtual is not null || shifted[0].Reference.Tensor.IsBoolean)
            return null;
        var source = shifted[0].Reference;
        var lhs = equation.Target.Indices.SelectMany(i => i.Variables()).ToHashSet();
        var windowVariables = new List<IndexVariable>();
        for (var p = 0; p < source.Indices.Length; p++)
        {
            switch (source.Indices[p])
            {
                case VariableIndex plain:
                    windowVariables.Add(plain.Variable);
                    break;
                case ArithmeticIndex { Operator: IndexOperator.Add, Left: VariableIndex { Variable: var u }, Right: VariableIndex { Variable: var shift } }
                    when lhs.Contains(u) && !lhs.Contains(shift) && u.Domain.Size <= source.Tensor.Domains[p].Size && shift.Domain.Size > 0:
                    windowVariables.Add(u);
                    windowVariables.Add(shift);
                    break;
                default:
                    return null;
            }
        }
        if (windowVariables.Distinct().Count() != windowVariables.Count)
            return null;
        // Order the window [output indices..., then as the other factors read them], so that the GEMM's
        // depth indices are contiguous in both the window and the filter: $window[x, y, dx, dy, c].
        var lhsOrder = equation.Target.Indices.SelectMany(i => i.Variables()).ToList();
        var otherOrder = reads.Where(r => !ReferenceEquals(r, shifted[0])).SelectMany(r => r.Reference.Indices.SelectMany(i => i.Variables())).ToList();
        windowVariables = [.. windowVariables.OrderBy(v => lhsOrder.IndexOf(v) is var l and >= 0 ? l : lhsOrder.Count + (otherOrder.IndexOf(v) is var o and >= 0 ? o : otherOrder.Count))];
        var window = TensorSymbol.Synthesized($"$window{_windows++}", ElementType.Real, [.. windowVariables.Select(v => v.Domain)], source.Location);
        var windowRead = new BoundTensorRead(new BoundTensorRef(window, [.. windowVariables.Select(v => (BoundIndex)new VariableIndex(v))], null, source.Location));
        var rewritten = term with { Factors = [.. term.Factors.Select(f => ReferenceEquals(f, shifted[0]) ? windowRead : f)] };
        if (TryContraction(equation, rewritten, ir) is not { IsMasked: false } contraction || contraction.Inputs.Any(i => i.IsSparse))
            return null;
        return new WindowTerm(contraction, source.Tensor, new IrOperand(window, [.. windowVariables.Select(ir.Index)]), ir.Indices(source.Indices));
    }

    /// <summary>A reference as an einsum operand: distinct plain variables only, no virtual index.</summary>
    private static IrOperand? Operand(BoundTensorRef reference, IrConverter ir)
    {
        if (reference.Virtual is not null)
            return null;
        var operandIndices = ImmutableArray.CreateBuilder<IrIndex>();
        for (var p = 0; p < reference.Indices.Length; p++)
        {
            // Merge[p, h*|dv| + dv] (what concat writes) is Merge viewed as [p, h, dv]: the same memory.
            if (RowMajor(reference.Indices[p]) is not { } variables
                || variables.Aggregate(1L, (a, v) => a * v.Domain.Size) != reference.Tensor.Domains[p].Size)
                return null;
            operandIndices.AddRange(variables.Select(ir.Index));
        }
        var result = operandIndices.ToImmutable();
        return result.Distinct().Count() == result.Length ? new IrOperand(reference.Tensor, result) : null;
    }

    /// <summary>The variables of <c>a</c>, <c>a*|b| + b</c>, <c>(a*|b| + b)*|c| + c</c>, ...: a row-major flattening.</summary>
    private static List<IndexVariable>? RowMajor(BoundIndex index)
    {
        switch (index)
        {
            case VariableIndex v:
                return [v.Variable];
            case ArithmeticIndex
            {
                Operator: IndexOperator.Add,
                Left: ArithmeticIndex { Operator: IndexOperator.Multiply, Left: var outer, Right: ConstantIndex stride },
                Right: VariableIndex inner,
            } when stride.Value == inner.Variable.Domain.Size && RowMajor(outer) is { } prefix:
                return [.. prefix, inner.Variable];
            default:
                return null;
        }
    }
}
