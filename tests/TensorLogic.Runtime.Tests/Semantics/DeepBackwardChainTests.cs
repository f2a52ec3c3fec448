using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Semantics;

/// <summary>
/// A ground query at one end of a long chain, answered by backward chaining: the tabled subgoals
/// <c>Reach(N_i, N_last)</c> form a chain as long as the data. Answering them by nested calls overflowed the
/// stack at a few thousand links (forward chaining would derive all n²/2 pairs instead). Expected values by
/// construction: every node reaches every later node and no earlier one.
/// </summary>
public class DeepBackwardChainTests
{
    private const int Links = 10_000;

    public static TheoryData<string> Backward => [.. EngineMatrix.Names.Where(n => n.EndsWith("/backward", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(Backward))]
    public void A_query_at_the_end_of_a_long_chain_is_answered(string engine)
    {
        var facts = string.Join("\n", Enumerable.Range(0, Links).Select(i => $"E(N{i}, N{i + 1})"));
        var json = ProgramRunner.Json(EngineMatrix.Get(engine), facts + $$"""

            Reach(x, y) <- E(x, y)
            Reach(x, z) <- E(x, y), Reach(y, z)
            Reach(N0, N{{Links}})?
            Reach(N{{Links}}, N0)?
            Reach(N{{Links - 3}}, N{{Links - 1}})?
            Reach(N{{Links - 1}}, N{{Links - 3}})?
            """);
        AnswerAssert.Equivalent($$"""
            {"query":"Reach(N0, N{{Links}})?","value":true}
            {"query":"Reach(N{{Links}}, N0)?","value":false}
            {"query":"Reach(N{{Links - 3}}, N{{Links - 1}})?","value":true}
            {"query":"Reach(N{{Links - 1}}, N{{Links - 3}})?","value":false}
            """, json, EngineMatrix.Get(engine));
    }
}
