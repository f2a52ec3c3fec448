using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Differentiation;

/// <summary>
/// Backpropagation through time needs every step of a virtual-index loop, which the loop itself forgets. So
/// before differentiating, each loop that the loss depends on is rewritten into ordinary equations over a
/// materialized time index, with the same steps and the same initial state (zero):
/// <code>
/// H[i, *t+1] = tanh(W[i, j] H[j, *t] + U[i, k] X[k, t])      H_steps[i, t] = tanh(W[i, j] H_prev[j, t] + U[i, k] X[k, t])
/// Loss = (H[i] - Y[i])^2                             -----&gt;   H_prev[i, t] = H_steps[i, t-1]
///                                                             Loss = (H_steps[i, 4] - Y[i])^2
/// </code>
/// (for 5 steps: X[k, t] gives t the values 0..4).
/// <c>H_steps[i, t]</c> is the state after step t and <c>H_prev[i, t]</c> the state the step reads: at t = 0
/// it reads outside <c>H_steps</c>, so it is 0, the loop's initial state, and a valid value of every binding,
/// as the loop's own read of its zero state is. A read of the final state outside the loop reads the last step.
/// The existing rules then differentiate the rewritten program; the new equations are added to the gradient
/// program, since the program as written keeps only the last state.
/// </summary>
internal sealed class LoopMaterialization
{
    private readonly BoundProgram _program;
    private readonly HashSet<string> _names;
    private readonly Dictionary<TensorSymbol, Materialized> _loops = [];

    /// <summary>
    /// One virtual tensor written out over time: its steps, the state each step reads, where time goes
    /// among the tensor's positions, and the first loop equation that writes it (which names the indices).
    /// </summary>
    private sealed record Materialized(TensorSymbol Steps, TensorSymbol Previous, int Position, BoundEquation Writer)
    {
        public int Last => Steps.Domains[Position].Size - 1;
    }

    private LoopMaterialization(BoundProgram program, HashSet<string> names)
    {
        _program = program;
        _names = names;
    }

    /// <summary>
    /// The program with the loops in <paramref name="cone"/> materialized, and the equations that compute the
    /// materialized tensors, for the gradient program; the program itself when there is no such loop. Names
    /// taken are added to <paramref name="names"/>. Throws <see cref="NotDifferentiableException"/> for a loop
    /// whose rewrite would not keep its meaning.
    /// </summary>
    public static (BoundProgram Program, ImmutableArray<BoundEquation> Added) Rewrite(BoundProgram program, ISet<TensorSymbol> cone, HashSet<string> names)
    {
        var loops = program.Strata.Where(s => s.Equations.Any(e => e.Loop is not null) && s.Tensors.Any(cone.Contains)).ToList();
        if (loops.Count == 0)
            return (program, []);
        var rewriter = new LoopMaterialization(program, names);
        foreach (var stratum in loops)
            rewriter.Plan(stratum);
        return rewriter.Build();
    }

    /// <summary>Checks that one loop can be written out exactly, and names its materialized tensors.</summary>
    private void Plan(Stratum stratum)
    {
        var steps = 0;
        foreach (var equation in stratum.Equations)
        {
            if (equation.Loop is not { } loop)
                throw Fail(equation, $"it is part of a loop over a virtual index but has none; give its left-hand side the loop's '*{LoopName(stratum)}'");
            if (steps != 0 && loop.Variable.Domain.Size != steps)
                throw Fail(equation, $"the loops that step together run {steps} and {loop.Variable.Domain.Size} steps; give their virtual indices one size");
            steps = loop.Variable.Domain.Size;
            CheckReachesEveryCell(equation);
        }
        foreach (var tensor in stratum.Tensors)
        {
            if (tensor.IsBoolean)
                throw new NotDifferentiableException($"'{tensor.Name}': the loop computes a relation, and relations are not differentiated; compute it outside the loop", tensor.Location);
            if (_program.Data.FirstOrDefault(d => d.Tensor == tensor) is { } data)
            {
                throw new NotDifferentiableException(
                    $"'{tensor.Name}': the loop's initial state comes from data, which backpropagation through time does not handle yet; start the state at 0 and add the data to the first step's input",
                    data.Location);
            }
            var writer = stratum.Equations.First(e => e.Target.Tensor == tensor);
            var loop = writer.Loop!;
            var domains = tensor.Domains.Insert(loop.Position, loop.Variable.Domain);
            _loops[tensor] = new Materialized(
                TensorSymbol.Synthesized(Fresh($"{tensor.Name}_steps"), ElementType.Real, domains, tensor.Location),
                TensorSymbol.Synthesized(Fresh($"{tensor.Name}_prev"), ElementType.Real, domains, tensor.Location),
                loop.Position, writer);
        }
    }

    private static string LoopName(Stratum stratum) => stratum.Equations.First(e => e.Loop is not null).Loop!.Variable.Name;

    /// <summary>
    /// A step overwrites the cells it reaches and keeps the others; written out, a cell no step reaches
    /// would be 0 instead. So every equation of the loop must reach every cell at every step: plain distinct
    /// variables on the left, and one term whose every binding is valid (no relation, comparison or shifted read).
    /// </summary>
    private static void CheckReachesEveryCell(BoundEquation equation)
    {
        var indices = equation.Target.Indices;
        var plain = indices.All(i => i is VariableIndex) && indices.Cast<VariableIndex>().Select(v => v.Variable).Distinct().Count() == indices.Length;
        var total = equation.Terms.Any(term => term.Factors.All(f => f is not (BoundComparison or BoundIndexPredicate))
            && term.Factors.SelectMany(BoundExpressions.ReadsIn).All(r => !r.Tensor.IsBoolean && r.Indices.All(i => i is VariableIndex)));
        if (!plain || !total)
        {
            throw Fail(equation,
                "a step of this loop may leave cells unchanged, which backpropagation through time does not handle; write the left-hand side with distinct plain variables and give it a term that reaches every cell");
        }
    }

    private static NotDifferentiableException Fail(BoundEquation equation, string reason) => new($"'{equation.Text}': {reason}", equation.Location);

    private (BoundProgram, ImmutableArray<BoundEquation>) Build()
    {
        var added = ImmutableArray.CreateBuilder<BoundEquation>();
        var equations = ImmutableArray.CreateBuilder<BoundEquation>();
        foreach (var equation in _program.Equations)
        {
            if (equation.Loop is not null && _loops.ContainsKey(equation.Target.Tensor))
            {
                added.Add(Step(equation));
                equations.Add(added[^1]);
            }
            else
            {
                equations.Add(equation with { Terms = [.. equation.Terms.Select(t => t with { Factors = [.. t.Factors.Select(f => Rewrite(f, null))] })] });
            }
        }
        foreach (var (tensor, loop) in _loops)
        {
            added.Add(Previous(tensor, loop));
            equations.Add(added[^1]);
        }
        var tensors = _program.Tensors.AddRange(_loops.Values.SelectMany(l => new[] { l.Steps, l.Previous }));
        var program = _program with
        {
            Tensors = tensors,
            Equations = equations.ToImmutable(),
            Strata = DependencyAnalysis.Stratify(tensors, equations.ToImmutable()),
        };
        return (program, added.ToImmutable());
    }

    /// <summary><c>H[i, *t+1] = f(… H[j, *t] …)</c> → <c>H_steps[i, t] = f(… H_prev[j, t] …)</c>: a step writes its own time.</summary>
    private BoundEquation Step(BoundEquation equation)
    {
        var loop = equation.Loop!;
        var materialized = _loops[equation.Target.Tensor];
        var time = new VariableIndex(loop.Variable);
        var target = new BoundTensorRef(materialized.Steps, equation.Target.Indices.Insert(materialized.Position, time), null, equation.Target.Location);
        var lhs = target.Indices.SelectMany(i => i.Variables()).ToHashSet();
        // Normalized axes count stored positions, and time is now one of them.
        var function = equation.Function is { } f
            ? f with { NormalizedAxes = f.NormalizedAxes.IsDefault ? f.NormalizedAxes : [.. f.NormalizedAxes.Select(a => a >= materialized.Position ? a + 1 : a)] }
            : null;
        var terms = equation.Terms.Select(term => term with
        {
            Factors = [.. term.Factors.Select(f => Rewrite(f, loop.Variable))],
            Variables = [.. term.Variables.Union(lhs).OrderBy(v => v.Ordinal)],
        });
        return equation with { Target = target, Function = function, Terms = [.. terms] };
    }

    /// <summary><c>H_prev[i, t] = H_steps[i, t-1]</c>: what step t reads; 0 at the first step.</summary>
    private static BoundEquation Previous(TensorSymbol tensor, Materialized loop)
    {
        // Named as the loop's own equation names them: H_prev[i, t] = H_steps[i, t-1].
        var names = loop.Writer.Target.Indices.Cast<VariableIndex>().Select(v => v.Variable.Name).ToList();
        names.Insert(loop.Position, loop.Writer.Loop!.Variable.Name);
        var variables = loop.Steps.Domains.Select((d, p) => new IndexVariable(names[p], d, p)).ToImmutableArray();
        var cell = variables.Select(v => (BoundIndex)new VariableIndex(v)).ToImmutableArray();
        var earlier = cell.SetItem(loop.Position, new ArithmeticIndex(cell[loop.Position], IndexOperator.Subtract, new ConstantIndex(1, "1")));
        var read = new BoundTensorRead(new BoundTensorRef(loop.Steps, earlier, null, tensor.Location));
        var term = new BoundTerm(1, [read], variables, tensor.Location);
        var target = new BoundTensorRef(loop.Previous, cell, null, tensor.Location);
        return new BoundEquation(target, Aggregation.Sum, null, [term], variables, IsRule: false, loop.Writer.Text, loop.Writer.Location);
    }

    /// <summary>
    /// Reads of looped tensors: at the loop's current step (<c>*t</c>) inside the loop, which reads the state
    /// before the step; at the last step outside it, where the loop's tensor holds its final state.
    /// </summary>
    private BoundExpression Rewrite(BoundExpression expression, IndexVariable? step) => expression switch
    {
        BoundTensorRead read when _loops.TryGetValue(read.Reference.Tensor, out var loop) => new BoundTensorRead(At(read.Reference, loop, step)),
        BoundCall call => call with { Arguments = [.. call.Arguments.Select(a => Rewrite(a, step))] },
        BoundUnary unary => unary with { Operand = Rewrite(unary.Operand, step) },
        BoundBinary binary => binary with { Left = Rewrite(binary.Left, step), Right = Rewrite(binary.Right, step) },
        _ => expression,
    };

    private static BoundTensorRef At(BoundTensorRef reference, Materialized loop, IndexVariable? step)
    {
        if (reference.Virtual is not null && step is not null)
            return new BoundTensorRef(loop.Previous, reference.Indices.Insert(loop.Position, new VariableIndex(step)), null, reference.Location);
        return new BoundTensorRef(loop.Steps, reference.Indices.Insert(loop.Position, new ConstantIndex(loop.Last, loop.Last.ToString())), null, reference.Location);
    }

    private string Fresh(string name)
    {
        var candidate = name;
        for (var n = 2; !_names.Add(candidate); n++)
            candidate = $"{name}{n}";
        return candidate;
    }
}
