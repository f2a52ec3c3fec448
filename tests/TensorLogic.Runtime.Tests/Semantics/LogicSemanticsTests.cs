using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Semantics;

/// <summary>Datalog in tensor logic: rules, recursion, negation, comparisons, on every engine in both chainings.</summary>
public class LogicSemanticsTests
{
    private const string Family = """
        Parent(Bob, Charlie)
        Parent(Charlie, Dana)
        Ancestor(Alice, Bob)
        Ancestor(x, y) <- Parent(x, y)
        Ancestor(x, z) <- Ancestor(x, y), Parent(y, z)
        """;

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Recursive_rules_reach_the_closure(string engine)
    {
        var run = EngineMatrix.Get(engine);
        var json = ProgramRunner.Json(run, Family + """

            Ancestor(Alice, x)?
            Ancestor(Alice, Dana)?
            Ancestor(Dana, x)?
            Ancestor?
            """);
        AnswerAssert.Equivalent("""
            {"query":"Ancestor(Alice, x)?","vars":["x"],"rows":[["Bob"],["Charlie"],["Dana"]]}
            {"query":"Ancestor(Alice, Dana)?","value":true}
            {"query":"Ancestor(Dana, x)?","vars":["x"],"rows":[]}
            {"query":"Ancestor?","vars":["$0","$1"],"rows":[["Alice","Bob"],["Alice","Charlie"],["Alice","Dana"],["Bob","Charlie"],["Bob","Dana"],["Charlie","Dana"]]}
            """, json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Summing_a_relation_counts_its_tuples_or_its_diagonal(string engine)
    {
        var run = EngineMatrix.Get(engine);
        var json = ProgramRunner.Json(run, """
            R(0, 0)
            R(0, 1)
            R(1, 1)
            R(2, 0)
            Count = R(x, y)
            Diagonal = R(x, x)
            Count?
            Diagonal?
            """);
        AnswerAssert.Equivalent("""
            {"query":"Count?","shape":[],"data":[4]}
            {"query":"Diagonal?","shape":[],"data":[2]}
            """, json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Negation_and_comparisons_filter_bindings(string engine)
    {
        var run = EngineMatrix.Get(engine);
        var json = ProgramRunner.Json(run, """
            Parent(Ann, Bob)
            Parent(Ann, Cid)
            Parent(Ann, Dee)
            Boy(Bob)
            Boy(Cid)
            Sibling(x, y) <- Parent(p, x), Parent(p, y), x != y
            Sister(x, y) <- Sibling(x, y), not Boy(x)
            Sister(x, Bob)?
            Sibling(Bob, y)?
            """);
        AnswerAssert.Equivalent("""
            {"query":"Sister(x, Bob)?","vars":["x"],"rows":[["Dee"]]}
            {"query":"Sibling(Bob, y)?","vars":["y"],"rows":[["Cid"],["Dee"]]}
            """, json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Rules_for_one_head_combine_by_or(string engine)
    {
        var run = EngineMatrix.Get(engine);
        var json = ProgramRunner.Json(run, """
            A(1)
            B(1)
            B(2)
            C(x) <- A(x)
            C(x) <- B(x)
            C?
            """);
        AnswerAssert.Equivalent("""{"query":"C?","vars":["$0"],"rows":[[1],[2]]}""", json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Mutual_recursion_and_repeated_query_variables(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // Even/odd distance on a 4-cycle 0→1→2→3→0.
        var json = ProgramRunner.Json(run, """
            Edge(0, 1)
            Edge(1, 2)
            Edge(2, 3)
            Edge(3, 0)
            EvenPath(x, x) <- Edge(x, y)
            EvenPath(x, z) <- OddPath(x, y), Edge(y, z)
            OddPath(x, z) <- EvenPath(x, y), Edge(y, z)
            OddPath(x, x)?
            EvenPath(0, 2)?
            """);
        AnswerAssert.Equivalent("""
            {"query":"OddPath(x, x)?","vars":["x"],"rows":[]}
            {"query":"EvenPath(0, 2)?","value":true}
            """, json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Facts_and_a_literal_give_the_same_vector(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // The paper: X(1), X(2) is X = [0, 1, 1, 0] when the domain has size 4.
        var json = ProgramRunner.Json(run, """
            X : bool[4]
            X(1), X(2)
            Y = [0, 1, 1, 0]
            Same = X[i] Y[i]
            Same?
            """);
        AnswerAssert.Equivalent("""{"query":"Same?","shape":[],"data":[2]}""", json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Relations_filter_the_bindings_of_an_average(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // The declared domain Node makes both positions of Neig one domain, of size 3 (from Z).
        // Mean over neighbours: node 0 has neighbours 1, 2 → (10 + 20)/2; node 1 has 0 → 5; node 2 none → 0.
        var json = ProgramRunner.Json(run, """
            Neig : bool[Node, Node]
            Neig(0, 1), Neig(0, 2), Neig(1, 0)
            Z = [5, 10, 20]
            Mean[n] avg= Neig(n, m) Z[m]
            Mean?
            """);
        AnswerAssert.Equivalent("""{"query":"Mean?","shape":[3],"data":[15,5,0]}""", json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void A_relation_position_with_a_later_variable_does_not_repeat_bindings(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // Dup[x] = Σ_y Edge(x, x+y) Z[y]: x = 0 has y = 1, 2 (Edge(0,1), Edge(0,2)); x = 1 has y = 0.
        var json = ProgramRunner.Json(run, """
            Edge(0, 1), Edge(0, 2), Edge(1, 1)
            Z = [1, 1, 1]
            Dup[x] = Edge(x, x+y) Z[y]
            Dup?
            """);
        AnswerAssert.Equivalent("""{"query":"Dup?","shape":[2],"data":[2,1]}""", json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void A_division_by_zero_inside_an_index_only_drops_the_binding(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // j = 1 and j = 2 divide by zero; j = 0: i / -1 / -2 = floor(-i / -2)... only in-range results count.
        var json = ProgramRunner.Json(run, """
            X = [1, 2, 3, 4, 5]
            D : real[2, 3]
            D[i, j] = X[(i / (j - 1)) / (j - 2)]
            D?
            """);
        // j = 0: (i / -1) / -2 = floor(floor(-i) / -2): i = 0 → 0 → X[0] = 1; i = 1 → floor(-1/-2) = 0 → 1.
        AnswerAssert.Equivalent("""{"query":"D?","shape":[2,3],"data":[1,0,0,1,0,0]}""", json, run);
    }
}
