using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;
using static TensorLogic.Syntax.Tree.SyntaxFactory;

namespace TensorLogic.Compiler.Differentiation;

/// <summary>
/// Reverse-mode differentiation as a source-to-source transformation (paper §4): the gradient of a Tensor
/// Logic program is another Tensor Logic program. For each equation on the way from the learned tensors to
/// the loss, and each tensor read on its right-hand side, one gradient equation:
/// <c>DLoss_dT[read's indices] = (upstream at the equation's left-hand side) · (the other factors of the
/// term) · (the factor's derivative)</c>. Indices of the term missing from the read are summed by the
/// ordinary projection, so what the forward equation summed is broadcast back and what it broadcast is
/// summed — the paper's rule. Several equations for one gradient add up, as equations of one tensor do.
/// </summary>
public sealed class GradientCompiler
{
    private readonly BoundProgram _program;
    private readonly TensorSymbol _loss;
    private readonly ExpressionDerivative _derivative;
    private readonly DiagnosticBag _diagnostics;
    private readonly HashSet<TensorSymbol> _differentiated = [];
    private readonly Dictionary<TensorSymbol, string> _adjoints = [];
    private readonly HashSet<string> _names;
    private readonly List<(string Name, ImmutableArray<Domain> Domains)> _declared = [];
    private readonly List<Statement> _equations = [];
    private readonly Dictionary<BoundEquation, string> _preActivations = [];

    private GradientCompiler(BoundProgram program, TensorSymbol loss, GradientOptions options, DiagnosticBag diagnostics)
    {
        _program = program;
        _loss = loss;
        _derivative = new ExpressionDerivative(options);
        _diagnostics = diagnostics;
        _names = [.. program.Tensors.Select(t => t.Name)];
    }

    /// <summary>
    /// The gradient equations of <paramref name="loss"/> with respect to each of <paramref name="wrt"/>, or
    /// null after reporting why not (TL6010 a loss that is not a real scalar, TL6011 a tensor the loss does
    /// not depend on, TL6012 an equation that cannot be differentiated). Virtual-index loops are
    /// differentiated through time: <see cref="LoopMaterialization"/> writes them out first.
    /// </summary>
    public static GradientProgram? Compile(
        BoundProgram program, TensorSymbol loss, IReadOnlyList<TensorSymbol> wrt, GradientOptions options, DiagnosticBag diagnostics)
    {
        var errors = diagnostics.Count(d => d.IsError);
        if (loss.IsBoolean || loss.Rank != 0 || loss.VirtualPosition >= 0)
        {
            var looped = loss.VirtualPosition >= 0 && !loss.IsBoolean;
            var what = loss.IsBoolean ? "is Boolean" : looped ? "changes at every step of a loop" : $"has rank {loss.Rank}";
            diagnostics.Report(Catalog.LossNotScalar, loss.Location, $"the loss '{loss.Name}' {what}; a loss is one real number",
                looped
                    ? $"read its final state after the loop, e.g. 'Loss = {loss.Name}{Example(loss)}'"
                    : $"sum it into a scalar, e.g. 'Loss = {loss.Name}{Example(loss)}', or 'Loss avg= …' for the mean");
            return null;
        }
        var cone = DependencyCone.Of(program, [loss]);
        foreach (var tensor in wrt.Where(t => !cone.Contains(t)))
        {
            diagnostics.Report(Catalog.LossIndependent, tensor.Location, $"the loss '{loss.Name}' does not depend on '{tensor.Name}'",
                "its gradient would be zero everywhere; name a tensor the loss's equations read, directly or through others");
        }
        if (diagnostics.Count(d => d.IsError) != errors)
            return null;

        // Virtual-index loops keep only their last state; backpropagation through time needs every step.
        ImmutableArray<BoundEquation> unrolled;
        try
        {
            (program, unrolled) = LoopMaterialization.Rewrite(program, cone, [.. program.Tensors.Select(t => t.Name)]);
        }
        catch (NotDifferentiableException e)
        {
            diagnostics.Report(Catalog.NotDifferentiable, e.Location ?? loss.Location, $"cannot differentiate {e.Message}");
            return null;
        }
        cone = DependencyCone.Of(program, [loss]);

        var compiler = new GradientCompiler(program, loss, options, diagnostics);
        compiler._differentiated.UnionWith(DependsOn(program, wrt).Where(t => cone.Contains(t) && !t.IsBoolean));
        compiler.Run();
        if (diagnostics.Count(d => d.IsError) != errors)
            return null;
        var result = compiler.Result(wrt);
        return unrolled.IsEmpty ? result : result with { Statements = [.. Forward(unrolled), .. result.Statements] };
    }

    /// <summary>The materialized loops' declarations and equations, which the gradient equations read.</summary>
    private static IEnumerable<Statement> Forward(ImmutableArray<BoundEquation> unrolled)
    {
        var tensors = unrolled.Select(e => e.Target.Tensor).Distinct();
        return tensors.Select(t => Declaration(t.Name, t.Domains)).OfType<Statement>().Concat(unrolled.Select(BoundToSyntax.Equation));
    }

    private static string Example(TensorSymbol tensor) =>
        tensor.Rank == 0 ? "" : $"[{string.Join(", ", Enumerable.Range(0, tensor.Rank).Select(i => (char)('i' + i)))}]";

    /// <summary>The tensors whose value changes when one of <paramref name="sources"/> does, the sources included.</summary>
    private static HashSet<TensorSymbol> DependsOn(BoundProgram program, IEnumerable<TensorSymbol> sources)
    {
        var reached = sources.ToHashSet();
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var equation in program.Equations)
            {
                if (!equation.Target.Tensor.IsBoolean && !reached.Contains(equation.Target.Tensor) && equation.Reads().Any(r => reached.Contains(r.Tensor)))
                    changed |= reached.Add(equation.Target.Tensor);
            }
        }
        return reached;
    }

    private void Run()
    {
        // From the loss backwards: every consumer of a tensor is differentiated before the tensor's own equations.
        foreach (var stratum in _program.Strata.Reverse())
        {
            var equations = stratum.Equations.Where(e => _differentiated.Contains(e.Target.Tensor)).ToList();
            // In a recursion the tensors' gradients feed each other; each exists once any of them does.
            if (stratum.IsRecursive && stratum.Tensors.Any(HasAdjoint))
            {
                foreach (var tensor in stratum.Tensors.Where(_differentiated.Contains))
                    _ = AdjointName(tensor);
            }
            foreach (var equation in Enumerable.Reverse(equations))
            {
                try
                {
                    Differentiate(equation);
                }
                catch (NotDifferentiableException e)
                {
                    _diagnostics.Report(Catalog.NotDifferentiable, e.Location ?? equation.Location,
                        $"cannot differentiate '{equation.Text}': {e.Message}");
                }
            }
        }
    }

    private GradientProgram Result(IReadOnlyList<TensorSymbol> wrt)
    {
        var without = wrt.Where(t => !_adjoints.ContainsKey(t)).ToImmutableArray();
        foreach (var tensor in without)
        {
            _diagnostics.Report(Catalog.NoGradient, tensor.Location,
                $"'{tensor.Name}' receives no gradient: the loss reaches it only through functions whose derivative is zero (step)",
                "relax the step for learning: 'step=straight' (straight-through) or 'step=sigmoid' in the learn statement, or use sig(x, T)");
        }
        var gradients = wrt.Select(t => (t, AdjointName(t))).ToImmutableArray();
        var declarations = _declared.Select(d => Declaration(d.Name, d.Domains)).OfType<Statement>();
        return new GradientProgram(_loss, [.. declarations, .. _equations], gradients, without);
    }

    /// <summary>
    /// Every gradient is declared with its tensor's shape: left-hand sides with index arithmetic or constants
    /// (<c>DLoss_dImage[x+dx, y+dy]</c>, <c>DLoss_dA[b, h*4+d]</c>) cannot give it, and a declaration also
    /// makes a gradient that reads itself (the gradient of a fixpoint) a fixpoint rather than an error. The
    /// trainer derives the gradients again for each batch size, so the sizes always match the data.
    /// </summary>
    private static DeclarationStatement? Declaration(string name, ImmutableArray<Domain> domains)
    {
        if (domains.All(d => d.Kind == DomainKind.Integer))
            return SyntaxFactory.Declaration(name, "real", domains.Select(d => d.Size));
        return null;
    }

    // ------------------------------------------------------------------ one equation

    private void Differentiate(BoundEquation equation)
    {
        var target = equation.Target.Tensor;
        if (!HasAdjoint(target))
            return;
        var lhs = equation.Target.Indices.Select(BoundToSyntax.Index).ToImmutableArray();
        if (Upstream(equation, lhs) is not { } upstream)
            return;
        for (var k = 0; k < equation.Terms.Length; k++)
        {
            var term = equation.Terms[k];
            var termUpstream = equation.Aggregation switch
            {
                Aggregation.Average => Divide(upstream, Count(equation, k, lhs)),
                Aggregation.Max or Aggregation.Min => Multiply(upstream, AtExtreme(equation, term, lhs)),
                _ => upstream,
            };
            for (var j = 0; j < term.Factors.Length; j++)
            {
                foreach (var read in BoundExpressions.TensorReadsIn(term.Factors[j]).Where(r => _differentiated.Contains(r.Reference.Tensor)))
                {
                    if (_derivative.Of(term.Factors[j], read) is not { } local)
                        continue;
                    var others = BoundToSyntax.Product(term.Factors.Where((_, i) => i != j));
                    var value = Multiply(Multiply(termUpstream, others), local);
                    var gradient = Reference(AdjointName(read.Reference.Tensor), read.Reference.Indices.Select(BoundToSyntax.Index));
                    _equations.Add(Equation(gradient, ProjectionOperator.Assign, term.Sign < 0 ? Negate(value) : value));
                }
            }
        }
    }

    /// <summary>
    /// The gradient with respect to the equation's aggregated right-hand side, at its left-hand side:
    /// the target's gradient, through the outer function if there is one. Null when it is zero.
    /// </summary>
    private Expression? Upstream(BoundEquation equation, ImmutableArray<IndexExpression> lhs)
    {
        var target = equation.Target.Tensor;
        if (equation.Function is not { } outer)
            return Adjoint(target, lhs);
        var cell = CellIndices(equation);
        // One per equation: the equations of a tensor have different pre-activations.
        var name = Fresh($"{AdjointName(target)}_in");
        switch (outer.Function.Normalizer)
        {
            case Normalizer.Softmax:
                SoftmaxGradient(equation, cell, name);
                break;
            case Normalizer.LayerNorm:
                LayerNormGradient(equation, cell, name);
                break;
            default:
                if (!ElementwiseGradient(equation, cell, name))
                    return null;
                break;
        }
        return Tensor(Reference(name, lhs));
    }

    /// <summary><c>DLoss_dY_in[cell] = DLoss_dY[cell] · f'(x)</c>, written in terms of the output where the rule allows.</summary>
    private bool ElementwiseGradient(BoundEquation equation, ImmutableArray<IndexExpression> cell, string name)
    {
        var target = equation.Target.Tensor;
        var outer = equation.Function!;
        var alone = IsAlone(equation);
        var preName = PreActivationName(equation);
        var input = Tensor(Reference(preName, cell));
        var argument = outer.ExtraArguments.Length > 0 ? BoundToSyntax.Expression(outer.ExtraArguments[0]) : null;
        Expression output = alone
            ? Tensor(Reference(target.Name, cell))
            : Call(outer.Function.Name, argument is null ? [input] : [input, argument]);
        if (_derivative.Rule(outer.Function, new DerivativeOperands(input, output, argument)) is not { } derivative)
            return false;
        if (Mentions(derivative, preName) || Mentions(output, preName))
            EmitPreActivation(equation);
        Declare(name, target.Domains);
        _equations.Add(Equation(Reference(name, cell), ProjectionOperator.Assign, Multiply(Adjoint(target, cell), derivative)));
        return true;
    }

    /// <summary>∂L/∂x = y ⊙ (g − Σ g y) along the normalized axes.</summary>
    private void SoftmaxGradient(BoundEquation equation, ImmutableArray<IndexExpression> cell, string name)
    {
        var (y, g, rest, restDomains) = NormalizationOperands(equation, cell);
        var dot = $"{AdjointName(equation.Target.Tensor)}_dot";
        Declare(dot, restDomains);
        _equations.Add(Equation(Reference(dot, rest), ProjectionOperator.Assign, Multiply(g, y)));
        Declare(name, equation.Target.Tensor.Domains);
        _equations.Add(Equation(Reference(name, cell), ProjectionOperator.Assign,
            Subtract(Multiply(y, g), Multiply(y, Tensor(Reference(dot, rest))))));
    }

    /// <summary>∂L/∂x = (g − mean g − y · mean(g y)) / √(var + ε) along the normalized axes.</summary>
    private void LayerNormGradient(BoundEquation equation, ImmutableArray<IndexExpression> cell, string name)
    {
        var target = equation.Target.Tensor;
        var (y, g, rest, restDomains) = NormalizationOperands(equation, cell);
        var x = Tensor(Reference(EmitPreActivation(equation), cell));
        var mean = Helper($"{target.Name}_mean", restDomains);
        var variance = Helper($"{target.Name}_var", restDomains);
        var scale = Helper($"{target.Name}_rstd", restDomains);
        var adjoint = AdjointName(target);
        var gradientMean = Helper($"{adjoint}_mean", restDomains);
        var gradientDot = Helper($"{adjoint}_dot", restDomains);
        Expression At(string tensor) => Tensor(Reference(tensor, rest));
        // Means as sums over the group divided by its size, not avg=: avg= may not recurse (TL3003), and a
        // residual stream normalized layer by layer is a recursion.
        var size = Number(equation.Function!.NormalizedAxes.Aggregate(1, (n, p) => n * target.Domains[p].Size));
        _equations.Add(Equation(Reference(mean, rest), ProjectionOperator.Assign, Divide(x, size)));
        _equations.Add(Equation(Reference(variance, rest), ProjectionOperator.Assign, Divide(Power(Subtract(x, At(mean)), Number(2)), size)));
        _equations.Add(Equation(Reference(scale, rest), ProjectionOperator.Assign,
            Call("pow", Add(At(variance), Number(Builtins.LayerNormEpsilon)), Constant(-0.5))));
        _equations.Add(Equation(Reference(gradientMean, rest), ProjectionOperator.Assign, Divide(g, size)));
        _equations.Add(Equation(Reference(gradientDot, rest), ProjectionOperator.Assign, Divide(Multiply(g, y), size)));
        Declare(name, target.Domains);
        _equations.Add(Equation(Reference(name, cell), ProjectionOperator.Assign,
            Subtract(Subtract(Multiply(At(scale), g), Multiply(At(scale), At(gradientMean))), Multiply(Multiply(At(scale), y), At(gradientDot)))));
    }

    private (Expression Output, Expression Gradient, ImmutableArray<IndexExpression> Others, ImmutableArray<Domain> OtherDomains) NormalizationOperands(
        BoundEquation equation, ImmutableArray<IndexExpression> cell)
    {
        var target = equation.Target.Tensor;
        var axes = equation.Function!.NormalizedAxes;
        var restPositions = Enumerable.Range(0, target.Rank).Where(p => !axes.Contains(p)).ToList();
        // Where other equations or data add to the tensor, the normalization's own output is computed apart.
        var output = target.Name;
        if (!IsAlone(equation))
        {
            output = Helper($"{target.Name}_out", target.Domains);
            var dotted = cell.Select((index, p) => (IndexItem)new PlainIndex(index, axes.Contains(p), default));
            _equations.Add(Equation(SyntaxFactory.Reference(output, ReferenceStyle.Bracket, dotted), ProjectionOperator.Assign,
                Call(equation.Function.Function.Name, Tensor(Reference(EmitPreActivation(equation), cell)))));
        }
        return (Tensor(Reference(output, cell)), Adjoint(target, cell),
            [.. restPositions.Select(p => cell[p])], [.. restPositions.Select(p => target.Domains[p])]);
    }

    /// <summary>
    /// The indices of one cell of the target: its left-hand-side variables when they are distinct plain
    /// variables (so the gradient reads like the equation), else fresh ones.
    /// </summary>
    private static ImmutableArray<IndexExpression> CellIndices(BoundEquation equation)
    {
        var indices = equation.Target.Indices;
        var plain = indices.All(i => i is VariableIndex) && indices.Select(i => ((VariableIndex)i).Variable).Distinct().Count() == indices.Length;
        return plain
            ? [.. indices.Select(BoundToSyntax.Index)]
            : [.. Enumerable.Range(0, indices.Length).Select(p => IndexVariable($"c{p}"))];
    }

    /// <summary>For <c>avg=</c>: how many valid bindings of the term reach each cell (<c>x^0</c> is 1 wherever x is read).</summary>
    private Expression Count(BoundEquation equation, int term, ImmutableArray<IndexExpression> lhs)
    {
        var target = equation.Target.Tensor;
        // Where every binding is valid (plain variables, no relation filtering) the count is the number of
        // bindings of the term's own variables, a constant: Loss avg= CrossEntropy[e] divides by |e|.
        var factors = equation.Terms[term].Factors;
        var everyBinding = equation.Target.Indices.All(i => i is VariableIndex)
            && factors.SelectMany(BoundExpressions.ReadsIn).All(r => !r.Tensor.IsBoolean && r.Indices.All(i => i is VariableIndex or ConstantIndex))
            && !factors.Any(f => f is BoundComparison or BoundIndexPredicate);
        if (everyBinding)
        {
            var lhsVariables = equation.Target.Indices.Cast<VariableIndex>().Select(v => v.Variable).ToHashSet();
            var own = equation.Terms[term].Variables.Where(v => !lhsVariables.Contains(v));
            return Number(own.Aggregate(1L, (n, v) => n * v.Domain.Size));
        }
        var name = Helper(equation.Terms.Length == 1 ? $"{target.Name}_count" : $"{target.Name}_count{term}", target.Domains);
        var reads = equation.Terms[term].Factors.SelectMany(BoundExpressions.ReadsIn).Select(r => (Expression)Tensor(BoundToSyntax.Reference(r)));
        var ones = reads.Select(r => r is TensorExpression { Reference.Style: ReferenceStyle.Paren }
            ? r
            : new BinaryExpression(r, BinaryOperator.Power, Number(0), default));
        _equations.Add(Equation(Reference(name, lhs), ProjectionOperator.Assign, SyntaxFactory.Product(ones)));
        return Tensor(Reference(name, lhs));
    }

    /// <summary>
    /// For <c>max=</c> and <c>min=</c>: 1 for the bindings whose value is the extreme, 0 for the others, so
    /// the gradient goes to the arg-max (to each of several tied ones).
    /// </summary>
    private Expression AtExtreme(BoundEquation equation, BoundTerm term, ImmutableArray<IndexExpression> lhs)
    {
        if (equation.Terms.Length > 1)
            throw new NotDifferentiableException("a max= or min= equation with several terms; give each term its own tensor", null);
        var extreme = equation.Function is null
            ? equation.Target.Tensor.Name
            : EmitPreActivation(equation);
        var difference = Subtract(Tensor(Reference(extreme, lhs)), BoundToSyntax.Term(term));
        return Subtract(Number(1), Call("step", Call("abs", difference)));
    }

    /// <summary>Whether the target's value is this equation's output: no data and no other equation adds to it.</summary>
    private bool IsAlone(BoundEquation equation) =>
        _program.EquationsFor(equation.Target.Tensor).Count() == 1 && !_program.Data.Any(d => d.Tensor == equation.Target.Tensor);

    // ------------------------------------------------------------------ names and helper tensors

    private bool HasAdjoint(TensorSymbol tensor) => tensor == _loss || _adjoints.ContainsKey(tensor);

    /// <summary>The gradient of the loss with respect to a tensor, at some indices; the loss's own is 1.</summary>
    private Expression Adjoint(TensorSymbol tensor, IEnumerable<IndexExpression> indices) =>
        tensor == _loss ? Number(1) : Tensor(Reference(AdjointName(tensor), indices));

    private string AdjointName(TensorSymbol tensor)
    {
        if (!_adjoints.TryGetValue(tensor, out var name))
            _adjoints[tensor] = name = Helper($"D{_loss.Name}_d{tensor.Name}", tensor.Domains);
        return name;
    }

    private string PreActivationName(BoundEquation equation)
    {
        if (!_preActivations.TryGetValue(equation, out var name))
            _preActivations[equation] = name = Fresh($"{equation.Target.Tensor.Name}_in");
        return name;
    }

    /// <summary>The equation's right-hand side before its outer function, as a tensor of its own: <c>Y_in[lhs] = Σ terms</c>.</summary>
    private string EmitPreActivation(BoundEquation equation)
    {
        var name = PreActivationName(equation);
        if (_declared.Any(d => d.Name == name))
            return name;
        Declare(name, equation.Target.Tensor.Domains);
        _equations.Add(Equation(Reference(name, equation.Target.Indices.Select(BoundToSyntax.Index)), BoundToSyntax.Operator(equation.Aggregation), BoundToSyntax.Sum(equation.Terms)));
        return name;
    }

    private string Helper(string name, ImmutableArray<Domain> domains)
    {
        var fresh = Fresh(name);
        Declare(fresh, domains);
        return fresh;
    }

    private void Declare(string name, ImmutableArray<Domain> domains)
    {
        if (!_declared.Any(d => d.Name == name))
            _declared.Add((name, domains));
    }

    /// <summary>
    /// A tensor name not yet taken by the program or this compiler. A module instance's tensor gives its
    /// qualified name to helpers (DLoss_dnet.W1), where a '.' would read as a module's name: it becomes '_'.
    /// </summary>
    private string Fresh(string name)
    {
        name = name.Replace('.', '_');
        var candidate = name;
        for (var n = 2; !_names.Add(candidate); n++)
            candidate = $"{name}{n}";
        return candidate;
    }

    private static bool Mentions(Expression expression, string tensor) => expression switch
    {
        TensorExpression t => t.Reference.Name.Text == tensor,
        CallExpression call => call.Arguments.Any(a => Mentions(a, tensor)),
        NegateExpression negate => Mentions(negate.Operand, tensor),
        BinaryExpression binary => Mentions(binary.Left, tensor) || Mentions(binary.Right, tensor),
        _ => false,
    };
}
