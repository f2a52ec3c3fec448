using TensorLogic.Backends.Cpu.Loops;
using TensorLogic.Compiler.Semantics;
using static TensorLogic.Backends.Cpu.Tests.Loops.TestPrograms;

namespace TensorLogic.Backends.Cpu.Tests.Loops;

/// <summary>The loop nests the kernel chooses, written as a line per level: <c>o x y | c dx dy</c> (cells | reduction).</summary>
public sealed class LoopPlanTests
{
    private static CompiledNest<double> Nest(string program, string target, int term = 0)
    {
        var bound = Compile(program);
        var equation = bound.EquationsOf(target)[0];
        return new LoopKernel<double>(equation, equation.GenericTerms[term]).NestFor();
    }

    /// <summary>Generators as <c>Name(...)</c>, dense loops by variable, a bar after the cell level.</summary>
    private static string Describe(LoopPlan plan) => string.Join(" ", plan.Levels.Select((level, i) => level switch
    {
        GeneratorLevel g => $"{g.Read.Access.Tensor.Name}({string.Join(",", g.Binds)})",
        DenseLevel d => d.Variable.Name,
        _ => "",
    } + (i == plan.CellLevel ? " |" : "")).Where(s => s.Length > 0)).Trim();

    [Fact]
    public void Convolution_loops_over_cells_then_reduces_with_the_last_axis_innermost()
    {
        var nest = Nest($"""
            I = {Literal(3, 2, 6, 6)}
            K = {Literal(4, 3, 2, 3, 3)}
            F : real[3, 6, 6]
            F[o, x, y] = K[o, c, dx, dy] I[c, x+dx-1, y+dy-1]
            """, "F");
        Assert.Equal("o x y | c dx dy", Describe(nest.Plan));
        Assert.True(nest.Plan.ReducesInRegisters);
    }

    [Fact]
    public void Relations_generate_bindings_before_dense_loops()
    {
        var nest = Nest("""
            Parent(Alice, Bob), Parent(Bob, Carol)
            Sibling(x, y) <- Parent(p, x), Parent(p, y), x != y
            """, "Sibling");
        Assert.Equal("Parent(p,x) Parent(y) |", Describe(nest.Plan));
    }

    [Fact]
    public void A_relation_position_over_an_unbound_variable_is_tested_not_generated()
    {
        var nest = Nest("""
            Edge(0, 1), Edge(0, 2), Edge(1, 1)
            Z = [1, 1, 1]
            Dup[x] = Edge(x, x+y) Z[y]
            """, "Dup");
        Assert.Equal("x | y", Describe(nest.Plan));
        Assert.Equal(["Edge"], nest.MaskTensors.Select(t => t.Name));
    }

    [Fact]
    public void A_relation_too_large_for_a_mask_is_tested_through_a_code_set()
    {
        var nest = Nest("""
            Big : bool[300, 300, 300]
            Big(1, 2, 3)
            Y[i] = 2 sig(Big(i, 2, 3) - 0.5)
            """, "Y");
        Assert.Equal(["Big"], nest.SetTensors.Select(t => t.Name));
        Assert.Empty(nest.MaskTensors);
    }

    [Fact]
    public void Pooling_target_cells_are_known_only_at_the_innermost_level()
    {
        var nest = Nest($"""
            S = 2
            G = {Literal(5, 5, 5)}
            P : real[3, 3]
            P[x/S, y/S] max= G[x, y]
            """, "P");
        Assert.Equal("x y |", Describe(nest.Plan));
        Assert.False(nest.Plan.ReducesInRegisters);
    }
}
