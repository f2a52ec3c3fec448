using System.Numerics;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Cpu.Relational;

/// <summary>
/// A Datalog rule as a join: <c>Reach(x, z) &lt;- ΔReach(x, y), E(y, z)</c> enumerates the delta's tuples,
/// looks up the matching <c>E</c> tuples through the relation's index on its first position, and adds the head
/// tuple <c>(x, z)</c> to the result, once. Negated atoms, comparisons and Even/Odd are checked as soon as
/// their variables are bound; a variable no atom binds ranges over its domain. It computes what the
/// reference computes for a rule (the set of head tuples some binding reaches), without building a value
/// per binding, so semi-naive rounds run at the speed of the relations' indexes.
/// </summary>
internal sealed class RuleKernel<T> : IRuleKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IrEquation _equation;
    private readonly TermPlans[] _terms;

    // A round whose first atom has fewer tuples than this runs on one thread: splitting costs more than it saves.
    private const int SplitTuples = 4096;

    private RuleKernel(IrEquation equation)
    {
        _equation = equation;
        _terms = [.. equation.GenericTerms.Select(t => new TermPlans(equation, t))];
    }

    public string Kind => "join";

    // A join's work is the tuples it meets, not arithmetic: the dense bound of its loops (Σ of the terms'
    // Work) overstates it by orders of magnitude, and --profile printed millions of "GFLOP/s" from it.
    public double Flops => 0;

    /// <summary>The kernel, or why this equation is not a rule it can join.</summary>
    public static (RuleKernel<T>? Kernel, string? Reason) For(IrEquation equation)
    {
        if (Unsupported(equation) is { } reason)
            return (null, reason);
        return (new RuleKernel<T>(equation), null);
    }

    private static string? Unsupported(IrEquation equation)
    {
        if (equation.Finish is not null || equation.Aggregation != Aggregation.Sum)
            return "an outer function or an aggregation other than a sum is not a rule";
        if (!equation.TargetAccess.Indices.All(IsPlain))
            return "index arithmetic in the head of a rule";
        foreach (var term in equation.GenericTerms)
        {
            if (term.Sign < 0)
                return "a subtracted term is not a rule";
            foreach (var factor in term.Factors)
            {
                var supported = factor switch
                {
                    IrTensorRead { Access: var access } => access.Tensor.IsBoolean && access.Indices.All(IsPlain),
                    IrUnary { Operator: UnaryOperator.Not, Operand: IrTensorRead { Access: var negated } } => negated.Tensor.IsBoolean && negated.Indices.All(IsPlain),
                    IrComparison or IrIndexPredicate => true,
                    _ => false,
                };
                if (!supported)
                    return "a body factor that is not a relation atom, a negated atom or a comparison";
            }
        }
        return null;
    }

    private static bool IsPlain(IrIndexExpression index) => index is IrVariableIndex or IrConstantIndex;

    public EquationResult<T> Evaluate(IKernelContext<T> context, IReadOnlyDictionary<int, int>? pins)
    {
        var output = new Relation(_equation.Target.Shape);
        foreach (var term in _terms)
            term.For(context.Relation, pins?.Keys ?? []).Run(context.Relation, pins, output);
        var cells = new List<(int[] Cell, double Value)>(output.Count);
        foreach (var tuple in output)
            cells.Add((tuple.ToArray(), 1.0));
        return EquationResult<T>.Sparse(cells);
    }

    public void DeriveNew(IKernelContext<T> context, Relation known, Relation fresh, bool grow)
    {
        foreach (var term in _terms)
        {
            var plan = term.For(context.Relation, []);
            var parts = plan.SplitTensor is { } first && context.Relation(first).Count >= SplitTuples ? Environment.ProcessorCount : 1;
            if (parts == 1)
            {
                plan.Run(context.Relation, null, fresh, known, grow: grow);
                continue;
            }
            // Each thread takes every parts-th tuple of the first atom; their tuples are united in thread order,
            // so the result (and its order) does not depend on the timing. The relations are
            // looked up here, once: the context is not to be called from other threads.
            var relations = plan.Reads.ToDictionary(r => r, context.Relation);
            plan.PrepareIndexes(t => relations[t]);
            var plans = term.ForThreads(plan, parts);
            // The threads only read the known relation (they leave out what it holds); the first writes into
            // the result itself, unless the other threads read it as the known relation or the known relation
            // grows here, which then takes every thread's tuples in turn.
            var own = ReferenceEquals(fresh, known) || grow;
            var outputs = Enumerable.Range(0, parts).Select(part => part == 0 && !own ? fresh : new Relation(fresh.Shape)).ToArray();
            Parallel.For(0, parts, part => plans[part].Run(t => relations[t], null, outputs[part], known, part, parts));
            foreach (var output in outputs.Where(o => !ReferenceEquals(o, fresh)))
            {
                if (grow)
                    known.AddAll(output, fresh);
                else
                    fresh.UnionWith(output);
            }
        }
    }
}
