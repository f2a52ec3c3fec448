using TensorLogic.Backends.Gpu.Memory;
using TensorLogic.Compiler;
using TensorLogic.Compiler.Loading;
using TensorLogic.Compiler.Passes;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Explanations;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// <c>tlc run FILE --explain 'Reach(A, D)'</c> and the REPL's <c>:why Reach(A, D)</c>: the goal is checked as a
/// query added to the program (so its symbols and arity are checked as any query's), the program runs forward,
/// and a derivation of minimal height is printed, or why there is none. A cell of a <c>min=</c>/<c>max=</c>
/// tensor (<c>Dist[C]</c>) gets the chain of equation instances that attains its value instead.
/// </summary>
internal static class Explanation
{
    /// <param name="options">The run's limits (<c>--max-iterations</c>, <c>--tolerance</c>): a chain is read off the values the run ends with.</param>
    public static bool Write(IReadOnlyList<SourceText> sources, string goal, IEngine engine, EvaluationOptions options, TextWriter stdout, DiagnosticWriter diagnostics)
    {
        var goalSource = new SourceText(goal.Trim().TrimEnd('?') + "?\n", "<goal>");
        var compiled = Compilation.Compile([.. sources, goalSource], DataReaders.Default, ProgramLoader.DefaultSearchPath());
        diagnostics.Write(compiled.Diagnostics.Where(d => d.IsError || d.Location?.Source == goalSource && d.Descriptor != Catalog.UnusedTensor));
        if (compiled.HasErrors || compiled.Bound is not { } bound)
            return false;
        if (bound.Outputs[^1] is not BoundQuery query || query.Pattern.Any(i => i is not ConstantIndex))
        {
            diagnostics.Write(new Diagnostic(Catalog.InvalidQueryIndex, bound.Outputs[^1].Location,
                "an explanation needs one atom or cell with a value at every position",
                "name every argument: Reach(A, D), Dist[C]", []));
            return false;
        }
        if (!query.Tensor.IsBoolean && !OptimumSearch.Explains(query.Tensor))
        {
            diagnostics.Write(new Diagnostic(Catalog.UnexplainableGoal, query.Location,
                $"'{query.Tensor.Name}' is neither true-or-false nor computed with min= or max=, so no derivation or chain explains its cells",
                "explain an atom of a relation (Reach(A, D)) or a cell of a min= or max= tensor (Dist[C]); a sum has no one binding that made it", []));
            return false;
        }
        try
        {
            Derive(bound, query, engine, options with { Chaining = Chaining.Forward }, stdout, diagnostics);
        }
        catch (DeviceMemoryException e)
        {
            diagnostics.Write(DeviceErrors.OutOfMemory(e));
            return false;
        }
        return true;
    }

    private static void Derive(BoundProgram bound, BoundQuery query, IEngine engine, EvaluationOptions options, TextWriter stdout, DiagnosticWriter diagnostics)
    {
        var tuple = query.Pattern.Select(i => ((ConstantIndex)i).Value).ToArray();
        using var session = new Session(bound, engine, options);
        _ = session.Answer(query, Chaining.Forward);
        var program = Compilation.Lower(bound, ExecutionTarget.Unoptimized("explain"));
        if (query.Tensor.IsBoolean)
        {
            var search = new DerivationSearch(program, t => session.Store[t], t => session.Store.Initial(t));
            var atom = new GroundAtom(query.Tensor, [.. tuple]);
            stdout.Write(search.Explain(atom) is { } derivation
                ? DerivationPrinter.Print(derivation)
                : $"{atom} does not hold: no rule derives it and no fact states it\n");
        }
        else
        {
            var chain = new OptimumSearch(program, t => session.Store[t], t => session.Store.Initial(t));
            stdout.Write(OptimumPrinter.Print(chain.Explain(new GroundCell(query.Tensor, [.. tuple]))));
        }
        diagnostics.Write(session.Diagnostics.ToSortedArray());
    }
}
