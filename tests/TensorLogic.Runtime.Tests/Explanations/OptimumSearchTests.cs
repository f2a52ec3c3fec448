using TensorLogic.Compiler;
using TensorLogic.Compiler.Passes;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Explanations;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Runtime.Tests.Explanations;

/// <summary>
/// The chain search on final values that no converged run leaves, given to it directly: a cycle that no
/// data grounds must be cut where it closes, and a value that no source gives must be reported, not
/// explained by the nearest instance.
/// </summary>
public class OptimumSearchTests
{
    /// <summary>Two nodes joined both ways at no cost, and no source: only a run cut short gives them a value.</summary>
    private const string Loop = """
        Edge(0, 1)
        Edge(1, 0)
        Cost = [[0.0, 0.0], [0.0, 0.0]]
        Dist : real[2]
        Dist[y] min= (Dist[x] + Cost[x, y]) Edge(x, y)
        Dist?
        """;

    private static string Explain(params double[] dist)
    {
        var compiled = Compilation.Compile([new SourceText(Loop, "loop.tl")], null);
        Assert.False(compiled.HasErrors, string.Join("\n", compiled.Diagnostics));
        var bound = compiled.Bound!;
        var store = new TensorStore(bound);
        var tensor = bound.Tensors.Single(t => t.Name == "Dist");
        var final = new DenseTensor<double>([2], dist);
        var search = new OptimumSearch(Compilation.Lower(bound, ExecutionTarget.Unoptimized("explain")),
            t => t == tensor ? final : store.Initial(t), store.Initial);
        return OptimumPrinter.Print(search.Explain(new GroundCell(tensor, [0])));
    }

    [Fact]
    public void A_cycle_that_no_data_grounds_is_cut_where_it_closes()
    {
        Assert.Equal("""
            Dist[0] = 5
            └─ Dist[y] min= (Dist[x] + Cost[x, y]) Edge(x, y)   (loop.tl:5)   with x = 1
               ├─ Dist[1] = 5
               │  └─ Dist[y] min= (Dist[x] + Cost[x, y]) Edge(x, y)   (loop.tl:5)   with x = 0
               │     ├─ Dist[0] = 5   on the chain above
               │     ├─ Cost[0, 1] = 0
               │     └─ Edge(0, 1)   fact
               ├─ Cost[1, 0] = 0
               └─ Edge(1, 0)   fact

            """, Explain(5, 5));
    }

    [Fact]
    public void A_value_no_source_gives_is_reported_as_unattained()
    {
        // Dist[1] + Cost[1, 0] = 7, not 5: the nearest instance is not an explanation.
        Assert.Equal(
            "Dist[0] = 5   no data or equation gives this value: the run stopped before its fixpoint, or rounding moved it\n",
            Explain(5, 7));
    }

    [Fact]
    public void A_cell_of_a_sum_is_not_explained_as_a_chain()
    {
        var compiled = Compilation.Compile([new SourceText(Loop, "loop.tl")], null);
        var cost = compiled.Bound!.Tensors.Single(t => t.Name == "Cost");
        Assert.False(OptimumSearch.Explains(cost));
        Assert.True(OptimumSearch.Explains(compiled.Bound.Tensors.Single(t => t.Name == "Dist")));
        Assert.Equal(Aggregation.Sum, cost.Combination);
    }
}
