namespace TensorLogic.Runtime.Tests.Semantics;

/// <summary>Datalog in tensor logic: rules, recursion, negation, comparisons, both chainings.</summary>
public class LogicSemanticsTests
{
    private const string Family = """
        Parent(Bob, Charlie)
        Parent(Charlie, Dana)
        Ancestor(Alice, Bob)
        Ancestor(x, y) <- Parent(x, y)
        Ancestor(x, z) <- Ancestor(x, y), Parent(y, z)
        """;

    [Fact]
    public void Recursive_rules_reach_the_closure()
    {
        var json = ProgramRunner.Both(Family + """

            Ancestor(Alice, x)?
            Ancestor(Alice, Dana)?
            Ancestor(Dana, x)?
            Ancestor?
            """);
        Assert.Equal("""
            {"query":"Ancestor(Alice, x)?","vars":["x"],"rows":[["Bob"],["Charlie"],["Dana"]]}
            {"query":"Ancestor(Alice, Dana)?","value":true}
            {"query":"Ancestor(Dana, x)?","vars":["x"],"rows":[]}
            {"query":"Ancestor?","vars":["$0","$1"],"rows":[["Alice","Bob"],["Alice","Charlie"],["Alice","Dana"],["Bob","Charlie"],["Bob","Dana"],["Charlie","Dana"]]}
            """, json);
    }

    [Fact]
    public void Negation_and_comparisons_filter_bindings()
    {
        var json = ProgramRunner.Both("""
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
        Assert.Equal("""
            {"query":"Sister(x, Bob)?","vars":["x"],"rows":[["Dee"]]}
            {"query":"Sibling(Bob, y)?","vars":["y"],"rows":[["Cid"],["Dee"]]}
            """, json);
    }

    [Fact]
    public void Rules_for_one_head_combine_by_or()
    {
        var json = ProgramRunner.Both("""
            A(1)
            B(1)
            B(2)
            C(x) <- A(x)
            C(x) <- B(x)
            C?
            """);
        Assert.Equal("""{"query":"C?","vars":["$0"],"rows":[[1],[2]]}""", json);
    }

    [Fact]
    public void Mutual_recursion_and_repeated_query_variables()
    {
        // Even/odd distance on a 4-cycle 0→1→2→3→0.
        var json = ProgramRunner.Both("""
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
        Assert.Equal("""
            {"query":"OddPath(x, x)?","vars":["x"],"rows":[]}
            {"query":"EvenPath(0, 2)?","value":true}
            """, json);
    }

    [Fact]
    public void Facts_and_a_literal_give_the_same_vector()
    {
        // The paper: X(1), X(2) is X = [0, 1, 1, 0] when the domain has size 4.
        var json = ProgramRunner.Both("""
            X : bool[4]
            X(1), X(2)
            Y = [0, 1, 1, 0]
            Same = X[i] Y[i]
            Same?
            """);
        Assert.Equal("""{"query":"Same?","shape":[],"data":[2]}""", json);
    }

    [Fact]
    public void Relations_filter_the_bindings_of_an_average()
    {
        // The declared domain Node makes both positions of Neig one domain, of size 3 (from Z).
        // Mean over neighbours: node 0 has neighbours 1, 2 → (10 + 20)/2; node 1 has 0 → 5; node 2 none → 0.
        var json = ProgramRunner.Both("""
            Neig : bool[Node, Node]
            Neig(0, 1), Neig(0, 2), Neig(1, 0)
            Z = [5, 10, 20]
            Mean[n] avg= Neig(n, m) Z[m]
            Mean?
            """);
        Assert.Equal("""{"query":"Mean?","shape":[3],"data":[15,5,0]}""", json);
    }
}
