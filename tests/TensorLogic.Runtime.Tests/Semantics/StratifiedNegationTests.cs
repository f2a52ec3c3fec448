using TensorLogic.Compiler;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Semantics;

/// <summary>
/// Negation over recursive relations, where backward chaining must read a negated subgoal only once its
/// table is complete: an answer drawn from a partial table is never retracted. Expected values by hand.
/// </summary>
public class StratifiedNegationTests
{
    // A → B → C → A is reached from A; D is not.
    private const string Reachability = """
        Node(A)
        Node(B)
        Node(C)
        Node(D)
        E(A, B)
        E(B, C)
        E(C, A)
        Start(A)
        Reach(x) <- Start(x)
        Reach(y) <- Reach(x), E(x, y)
        Unreached(x) <- Node(x), not Reach(x)
        """;

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Negation_reads_the_complete_closure(string engine)
    {
        var run = EngineMatrix.Get(engine);
        var json = ProgramRunner.Json(run, Reachability + """

            Unreached(x)?
            Unreached(B)?
            Unreached(D)?
            Unreached(A)?
            Unreached(C)?
            """);
        AnswerAssert.Equivalent("""
            {"query":"Unreached(x)?","vars":["x"],"rows":[["D"]]}
            {"query":"Unreached(B)?","value":false}
            {"query":"Unreached(D)?","value":true}
            {"query":"Unreached(A)?","value":false}
            {"query":"Unreached(C)?","value":false}
            """, json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Negation_with_a_constant_is_the_first_query(string engine)
    {
        // Each query on its own program, so that no earlier query has completed the tables it reads.
        var run = EngineMatrix.Get(engine);
        foreach (var (query, expected) in new[]
        {
            ("Unreached(C)?", """{"query":"Unreached(C)?","value":false}"""),
            ("Unreached(D)?", """{"query":"Unreached(D)?","value":true}"""),
            ("Unreached(A)?", """{"query":"Unreached(A)?","value":false}"""),
        })
        {
            AnswerAssert.Equivalent(expected, ProgramRunner.Json(run, Reachability + "\n" + query), run);
        }
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Double_negation_across_three_strata(string engine)
    {
        // Reach = {A, B, C} (D → C does not make D reached), Unreached = {D}, Covered = Node − Unreached =
        // {A, B, C}, Lonely = Node − Covered − Start = {D}.
        var run = EngineMatrix.Get(engine);
        var json = ProgramRunner.Json(run, """
            Node(A)
            Node(B)
            Node(C)
            Node(D)
            E(A, B)
            E(B, C)
            E(D, C)
            Start(A)
            Reach(x) <- Start(x)
            Reach(y) <- Reach(x), E(x, y)
            Unreached(x) <- Node(x), not Reach(x)
            Covered(x) <- Node(x), not Unreached(x)
            Lonely(x) <- Node(x), not Covered(x), not Start(x)
            Covered(C)?
            Covered(x)?
            Covered(D)?
            Lonely(x)?
            Lonely(D)?
            """);
        AnswerAssert.Equivalent("""
            {"query":"Covered(C)?","value":true}
            {"query":"Covered(x)?","vars":["x"],"rows":[["A"],["B"],["C"]]}
            {"query":"Covered(D)?","value":false}
            {"query":"Lonely(x)?","vars":["x"],"rows":[["D"]]}
            {"query":"Lonely(D)?","value":true}
            """, json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Negation_of_a_mutually_recursive_pair(string engine)
    {
        // Walks from A on A → B → C → D → B: even steps reach A, C, B, D; odd steps reach B, D, C. F is isolated.
        var run = EngineMatrix.Get(engine);
        var json = ProgramRunner.Json(run, """
            Node(A)
            Node(B)
            Node(C)
            Node(D)
            Node(F)
            E(A, B)
            E(B, C)
            E(C, D)
            E(D, B)
            Even(A)
            Odd(y) <- Even(x), E(x, y)
            Even(y) <- Odd(x), E(x, y)
            OnlyEven(x) <- Even(x), not Odd(x)
            Neither(x) <- Node(x), not Even(x), not Odd(x)
            OnlyEven(D)?
            OnlyEven(x)?
            Neither(F)?
            Neither(x)?
            Neither(B)?
            """);
        AnswerAssert.Equivalent("""
            {"query":"OnlyEven(D)?","value":false}
            {"query":"OnlyEven(x)?","vars":["x"],"rows":[["A"]]}
            {"query":"Neither(F)?","value":true}
            {"query":"Neither(x)?","vars":["x"],"rows":[["F"]]}
            {"query":"Neither(B)?","value":false}
            """, json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void A_count_of_a_lower_stratum_is_read_complete(string engine)
    {
        // A real read of a recursive relation: Reach from A = {A, B, C}, so Size = 3 and Big holds for every
        // node; a size read while Reach is partial (1 or 2) would leave Big empty and Small full.
        var run = EngineMatrix.Get(engine);
        var json = ProgramRunner.Json(run, """
            Node(A)
            Node(B)
            Node(C)
            Node(D)
            E(A, B)
            E(B, C)
            Start(A)
            Reach(x) <- Start(x)
            Reach(y) <- Reach(x), E(x, y)
            Size = Reach(x)
            Big(x) = Node(x) step(Size - 2)
            Small(x) <- Node(x), not Big(x)
            Small(x)?
            Big(D)?
            """);
        AnswerAssert.Equivalent("""
            {"query":"Small(x)?","vars":["x"],"rows":[]}
            {"query":"Big(D)?","value":true}
            """, json, run);
    }

    [Fact]
    public void A_bound_negated_subgoal_computes_nothing_forward()
    {
        // Backward chaining answers Unreached(D) from the subgoals it reaches: no relation is computed
        // whole, so the store holds no derived tuple afterwards.
        var compiled = Compilation.Compile([new SourceText(Reachability + "\nUnreached(D)?", "test.tl")], new DataFileReader());
        var bound = compiled.Bound ?? throw new InvalidOperationException("program does not check");
        using var session = new Session(bound, ReferenceEngine.Instance, new EvaluationOptions { Chaining = Chaining.Backward });
        var answer = session.Run().OfType<AnswerResult>().Single().Answer;
        Assert.True(((TruthAnswer)answer).Value);
        foreach (var name in new[] { "Reach", "Unreached" })
        {
            var tensor = bound.Tensors.Single(t => t.Name == name);
            Assert.Equal(0, ((Relation)session.Store[tensor]).Count);
        }
    }
}
