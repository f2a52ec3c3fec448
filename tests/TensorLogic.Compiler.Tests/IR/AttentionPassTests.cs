using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Passes;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler.Tests.IR;

/// <summary>
/// The two passes behind fast attention, as equivalences of printed programs: a mask rule's body put where
/// the mask is read (<see cref="MaskInlining"/>), and a softmax's only reader marked to compute it in place
/// (<see cref="AttentionFusion"/>); and every condition under which each must leave the program alone.
/// </summary>
public class AttentionPassTests
{
    private static readonly ExecutionTarget Cpu = new("cpu");

    private static BoundProgram Bind(string text)
    {
        var result = Compilation.Compile([new SourceText(text, "test.tl")], null);
        Assert.True(result.Bound is not null, DiagnosticFormatter.Format(result.Diagnostics));
        return result.Bound!;
    }

    /// <summary>The printed IR; the data of Query, Key and Val count as inputs, so that nothing reading them is folded.</summary>
    private static string Ir(string text, params string[] disabled)
    {
        var program = Bind(text);
        var inputs = program.Tensors.Where(t => t.Name is "Query" or "Key" or "Val");
        return IrPrinter.Print(PassPipeline.Compile(program, Cpu with { DisabledPasses = disabled.ToHashSet() }, inputs: inputs));
    }

    private static string Equations(BoundProgram program) => string.Join("\n", program.Equations.Select(BoundProgramPrinter.Print));

    private static IReadOnlySet<TensorSymbol> Outputs(BoundProgram program) => program.Outputs.Select(o => o.Tensor).ToHashSet();

    [Fact]
    public void A_mask_rule_is_replaced_by_its_body()
    {
        var program = Bind("""
            S = [[1, 2], [3, 4]]
            Pos(0)
            Pos(1)
            Before(q, p) <- Pos(q), Pos(p), q <= p
            Comp[p, q.] = softmax(Before(q, p) S[p, q])
            Comp?
            """);
        var equations = Equations(MaskInlining.Run(program, Outputs(program)));
        Assert.Contains("Comp[p, q] += softmax(Σ[p,q] Pos[q] Pos[p] [q <= p] S[p, q]) along 1", equations);
        Assert.DoesNotContain("Before(q, p) S", equations);
    }

    [Fact]
    public void The_inlined_mask_is_applied_by_its_comparison_and_the_rule_is_not_derived()
    {
        var ir = Ir("""
            Pos(0)
            Pos(1)
            Q = [[1, 2], [3, 4]]
            K = [[1, 0], [0, 1]]
            Before(q, p) <- Pos(q), Pos(p), q <= p
            Comp[p, q.] = softmax(Before(q, p) Q[p, d] K[q, d])
            Comp?
            """);
        Assert.Contains("+ contract Q[p,d] K[q,d] -> Comp[p,q] mask Pos[q] Pos[p] [q <= p]", ir);
        Assert.DoesNotContain("stratum {Before}", ir);
    }

    [Fact]
    public void A_queried_mask_rule_is_still_derived()
    {
        var ir = Ir("""
            Pos(0)
            Pos(1)
            Q = [[1, 2], [3, 4]]
            K = [[1, 0], [0, 1]]
            Before(q, p) <- Pos(q), Pos(p), q <= p
            Comp[p, q.] = softmax(Before(q, p) Q[p, d] K[q, d])
            Comp?
            Before?
            """);
        Assert.Contains("mask Pos[q] Pos[p] [q <= p]", ir);
        Assert.Contains("stratum {Before}", ir);
    }

    [Theory]
    // Facts besides the rule: the relation is more than the rule's body.
    [InlineData("Before(q, p) <- Pos(q), Pos(p), q <= p\nBefore(1, 0)")]
    // A second rule.
    [InlineData("Before(q, p) <- Pos(q), Pos(p), q <= p\nBefore(q, p) <- Pos(q), Pos(p), q == p + 1")]
    // A body variable not in the head is projected (an existential): not a filter of the head's cells alone.
    [InlineData("Before(q, p) <- Pos(q), Pos(p), Pos(r), q <= r, r <= p")]
    // Negation.
    [InlineData("Before(q, p) <- Pos(q), Pos(p), not Same(q, p)\nSame(q, p) <- Pos(q), Pos(p), q == p")]
    // Recursion.
    [InlineData("Before(q, p) <- Pos(q), Pos(p), q + 1 == p\nBefore(q, p) <- Before(q, r), Before(r, p)")]
    public void Only_a_relation_that_is_exactly_one_filter_rule_is_inlined(string rules)
    {
        var program = Bind($"""
            S = [[1, 2], [3, 4]]
            Pos(0)
            Pos(1)
            {rules}
            Comp[p, q.] = softmax(Before(q, p) S[p, q])
            Comp?
            """);
        Assert.DoesNotContain("inlined", Equations(MaskInlining.Run(program, Outputs(program))));
    }

    [Fact]
    public void A_relation_joined_without_an_outer_function_is_not_inlined()
    {
        // Here Before is a sparse factor of a join, not a mask: its body would make the join a loop.
        var program = Bind("""
            S = [[1, 2], [3, 4]]
            Pos(0)
            Pos(1)
            Before(q, p) <- Pos(q), Pos(p), q <= p
            Sum[p] = Before(q, p) S[p, q]
            Sum?
            """);
        Assert.Same(program, MaskInlining.Run(program, Outputs(program)));
    }

    private const string Attention = """
        Pos(0)
        Pos(1)
        Pos(2)
        Query = [[1, 0], [0, 1], [1, 1]]
        Key = [[0, 1], [1, 0], [1, 1]]
        Val = [[1, 2], [3, 4], [5, 6]]
        Before(q, p) <- Pos(q), Pos(p), q <= p
        Comp[p, q.] = softmax(Before(q, p) Query[p, dk] Key[q, dk])
        Attn[p, dv] = Comp[p, q] Val[q, dv]

        """;

    [Fact]
    public void The_only_reader_of_a_softmax_computes_it_in_place()
    {
        var ir = Ir(Attention + "Attn?");
        Assert.Contains("+ contract Comp[p,q] Val[q,dv] -> Attn[p,dv] computing Comp in place", ir);
        Assert.Contains("passes: inline-masks, dead-equations, fuse-attention", ir);
        // Comp's equation stays in the program: the engines that do not fuse compute it.
        Assert.Contains("stratum {Comp}", ir);
    }

    [Theory]
    // Comp is asked for itself.
    [InlineData("Attn?\nComp?")]
    // Another equation reads Comp.
    [InlineData("Other[p] = Comp[p, q]\nAttn?\nOther?")]
    public void A_softmax_that_something_else_needs_is_not_computed_in_place(string rest) =>
        Assert.DoesNotContain("in place", Ir(Attention + rest));

    [Theory]
    // A second equation of Comp.
    [InlineData("Comp[p, q.] = softmax(Query[p, dk] Key[q, dk])\nComp[0, 0] = 1.0\nAttn[p, dv] = Comp[p, q] Val[q, dv]")]
    // The softmax runs along p, not along the index the weighted sum adds up.
    [InlineData("Comp[q, p.] = softmax(Query[p, dk] Key[q, dk])\nAttn[p, dv] = Comp[q, p] Val[q, dv]")]
    // A second term beside the score product.
    [InlineData("Comp[p, q.] = softmax(Query[p, dk] Key[q, dk] + Query[p, q])\nAttn[p, dv] = Comp[p, q] Val[q, dv]")]
    // Not a softmax.
    [InlineData("Comp[p, q.] = lnorm(Query[p, dk] Key[q, dk])\nAttn[p, dv] = Comp[p, q] Val[q, dv]")]
    public void A_softmax_that_is_not_exactly_one_score_product_is_not_computed_in_place(string equations)
    {
        var ir = Ir($"""
            Query = [[1, 0], [0, 1]]
            Key = [[0, 1], [1, 0]]
            Val = [[1, 2], [3, 4]]
            {equations}
            Attn?
            """);
        Assert.DoesNotContain("in place", ir);
    }

    [Fact]
    public void Without_the_pass_nothing_is_marked() =>
        Assert.DoesNotContain("in place", Ir(Attention + "Attn?", AttentionFusion.Name));
}
