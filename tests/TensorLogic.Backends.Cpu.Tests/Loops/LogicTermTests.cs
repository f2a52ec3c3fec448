using TensorLogic.Backends.Cpu.Execution;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Backends.Cpu.Loops;
using static TensorLogic.Backends.Cpu.Tests.Loops.TestPrograms;

namespace TensorLogic.Backends.Cpu.Tests.Loops;

/// <summary>
/// Terms with relations: generators with constants and repeated variables, negation, comparisons,
/// relations read as values (mask and code-set probes), and a causal mask joined into a real term.
/// </summary>
public sealed class LogicTermTests
{
    private const string Family = """
        Parent(Alice, Bob), Parent(Bob, Carol), Parent(Bob, Dave), Parent(Carol, Eve), Parent(Alice, Frank)
        Person(Alice), Person(Bob), Person(Carol), Person(Dave), Person(Eve), Person(Frank)
        """;

    private static void Check(string program, string target, int expectedCells = -1)
    {
        var bound = Compile(program);
        var cells = TermCheck.Compare<double>(bound, target);
        Assert.True(cells > 0, "the reference reached no cell: the test checks nothing");
        if (expectedCells >= 0)
            Assert.Equal(expectedCells, cells);
        TermCheck.Compare<float>(bound, target);
    }

    [Fact]
    public void Join_of_two_generators() => Check(Family + """

        Grandparent(x, z) <- Parent(x, y), Parent(y, z)
        """, "Grandparent", 3);

    [Fact]
    public void Comparison_filters_a_join() => Check(Family + """

        Sibling(x, y) <- Parent(p, x), Parent(p, y), x != y
        """, "Sibling", 4);

    [Fact]
    public void Generator_with_a_constant() => Check(Family + """

        ChildOfBob(x) <- Parent(Bob, x)
        """, "ChildOfBob", 2);

    [Fact]
    public void Negation() => Check(Family + """

        NotBobsChild(x) <- Person(x), not Parent(Bob, x)
        """, "NotBobsChild", 4);

    [Fact]
    public void Repeated_variable_checked_against_the_tuple() => Check("""
        Edge(0, 0), Edge(0, 1), Edge(1, 2), Edge(2, 2), Edge(3, 1), Edge(4, 5), Edge(5, 5)
        Loop(x) <- Edge(x, x)
        """, "Loop", 3);

    [Fact]
    public void Arithmetic_position_checked_against_the_tuple() => Check("""
        Edge(0, 0), Edge(0, 1), Edge(1, 2), Edge(2, 2), Edge(3, 1), Edge(4, 5), Edge(5, 5)
        Step(x) <- Edge(x, x+1)
        """, "Step", 3);

    [Theory]
    [InlineData("==", 3)]
    [InlineData("!=", 4)]
    [InlineData("<", 1)]
    [InlineData("<=", 4)]
    [InlineData(">", 3)]
    [InlineData(">=", 6)]
    public void Comparisons(string comparison, int cells) => Check($"""
        Edge(0, 0), Edge(0, 1), Edge(1, 2), Edge(2, 2), Edge(3, 1), Edge(4, 5), Edge(5, 5)
        C(x, y) <- Edge(x, y), y {comparison} x
        """, "C", cells);

    [Fact]
    public void Causal_mask_joined_into_a_real_term() => Check($"""
        Q = {Literal(12, 4, 3)}
        Kt = {Literal(13, 4, 3)}
        Before(0, 1), Before(0, 2), Before(0, 3), Before(1, 2), Before(1, 3), Before(2, 3)
        M[p, p2] = Q[p, k] Kt[p2, k] Before(p2, p)
        """, "M", 6);

    [Fact]
    public void Relation_read_as_a_value_through_a_mask() => Check($"""
        X = {Literal(14, 4)}
        R(0, 0), R(1, 2), R(3, 3), R(2, 1)
        Y[x] = sig(R(x, x) + X[x]) + (1 - R(x, y)) X[y]
        """, "Y", 8);

    [Fact]
    public void Relation_read_as_a_value_through_a_code_set() => Check("""
        Big : bool[300, 300, 300]
        Big(1, 2, 3), Big(4, 2, 3), Big(299, 2, 3)
        Y[i] = 2 sig(Big(i, 2, 3) - 0.5)
        """, "Y", 300);

    /// <summary>
    /// Edge(x, x+y) cannot enumerate y, so the kernel tests it per binding instead of using it as a generator.
    /// The reference TermEvaluator does use it as a generator without checking the x+y position, so tuples
    /// (0, 1) and (0, 2) both bind x = 0 and each then finds both y: it reports Dup[0] = 4 from 4 bindings.
    /// The bindings are (0, 1), (0, 2) and (1, 0), each once.
    /// </summary>
    [Fact]
    public void Generator_position_over_a_later_variable_counts_each_binding_once()
    {
        var bound = Compile("""
            Edge(0, 1), Edge(0, 2), Edge(1, 1)
            Z = [1, 1, 1]
            Dup[x] = Edge(x, x+y) Z[y]
            """);
        var equation = bound.EquationsOf("Dup")[0];
        var accumulator = new TermAccumulator<double>(equation.Target.Shape, equation.Aggregation);
        new LoopKernel<double>(equation, equation.GenericTerms[0]).Execute(new TestOperands<double>(bound, equation), accumulator);
        Assert.Equal([2.0, 1.0], accumulator.Values.Data);
        Assert.Equal([2, 1], accumulator.Counts);
    }
}
