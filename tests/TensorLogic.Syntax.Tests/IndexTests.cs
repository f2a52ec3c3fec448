using TensorLogic.Syntax.Tree;
using static TensorLogic.Syntax.Tests.Infrastructure.Snippets;

namespace TensorLogic.Syntax.Tests;

/// <summary>Tensor references and what can stand in an index position.</summary>
public sealed class IndexTests
{
    [Fact]
    public void Virtual_index_with_and_without_arithmetic()
    {
        const string source = "X[i, *t+1] = sig(W[i, j] X[j, *t])";

        Assert.Equal(
            "Equation = {TensorRef X {Index {Variable i}, VirtualIndex {IndexBinary Add {Variable t, Integer 1}}}, " +
            "Call sig {Join {TensorRef W {Index {Variable i}, Index {Variable j}}, TensorRef X {Index {Variable j}, VirtualIndex {Variable t}}}}}",
            TreeOf(source));
        Assert.Equal(source + "\n", Format(source));
    }

    [Fact]
    public void The_paper_asterisk_marks_a_virtual_index_too()
    {
        Assert.Equal("X[i, *t+1] = X[i, *t]\n", Format("X[i, ∗t+1] = X[i, ∗t]"));
    }

    [Fact]
    public void Normalized_index_on_the_left_hand_side()
    {
        const string source = "Comp[p, p'.] = softmax(Query[p, dk] Key[p', dk])";

        Assert.Equal(
            "Equation = {TensorRef Comp {Index {Variable p}, NormalizedIndex {Variable p'}}, " +
            "Call softmax {Join {TensorRef Query {Index {Variable p}, Index {Variable dk}}, TensorRef Key {Index {Variable p'}, Index {Variable dk}}}}}",
            TreeOf(source));
        Assert.Equal(source + "\n", Format(source));
    }

    [Fact]
    public void A_normalized_index_may_carry_arithmetic()
    {
        Assert.Equal("Y[t+1.] = softmax(X[t])\n", Format("Y[t + 1 .] = softmax(X[t])"));
    }

    [Theory]
    [InlineData("Y = X[4:8]", "Slice {Integer 4, Integer 8}")]
    [InlineData("Y = X[:2]", "Slice {Open, Integer 2}")]
    [InlineData("Y = X[2:]", "Slice {Integer 2, Open}")]
    [InlineData("Y = X[:]", "Slice {Open, Open}")]
    [InlineData("Y = X[n-1:n+1]", "Slice {IndexBinary Subtract {Variable n, Integer 1}, IndexBinary Add {Variable n, Integer 1}}")]
    public void Slices_on_the_right_hand_side(string source, string slice)
    {
        Assert.Equal("Equation = {ScalarRef Y, TensorRef X {" + slice + "}}", TreeOf(source));
        Assert.Equal(source + "\n", Format(source));
    }

    [Fact]
    public void Slices_in_a_query()
    {
        Assert.Equal("Query {TensorRef X {Slice {Integer 0, Integer 2}, Index {Variable j}}}", TreeOf("X[0:2, j]?"));
    }

    [Theory]
    [InlineData("x/S", "IndexBinary Divide {Variable x, Constant S}")]
    [InlineData("i-1", "IndexBinary Subtract {Variable i, Integer 1}")]
    [InlineData("h*4+d", "IndexBinary Add {IndexBinary Multiply {Variable h, Integer 4}, Variable d}")]
    [InlineData("d+h*4", "IndexBinary Add {Variable d, IndexBinary Multiply {Variable h, Integer 4}}")]
    [InlineData("h*(4+d)", "IndexBinary Multiply {Variable h, IndexBinary Add {Integer 4, Variable d}}")]
    [InlineData("i-j-k", "IndexBinary Subtract {IndexBinary Subtract {Variable i, Variable j}, Variable k}")]
    [InlineData("i-(j-k)", "IndexBinary Subtract {Variable i, IndexBinary Subtract {Variable j, Variable k}}")]
    [InlineData("x/S/2", "IndexBinary Divide {IndexBinary Divide {Variable x, Constant S}, Integer 2}")]
    [InlineData("t%2", "IndexBinary Modulo {Variable t, Integer 2}")]
    [InlineData("-i", "Negate {Variable i}")]
    [InlineData("-(i+1)", "Negate {IndexBinary Add {Variable i, Integer 1}}")]
    [InlineData("x+dx", "IndexBinary Add {Variable x, Variable dx}")]
    [InlineData("\"New York\"", "Symbol \"New York\"")]
    public void Index_arithmetic_precedence(string index, string tree)
    {
        var source = $"Y = X[{index}]";

        Assert.Equal("Equation = {ScalarRef Y, TensorRef X {Index {" + tree + "}}}", TreeOf(source));
        Assert.Equal(source + "\n", Format(source));
    }

    [Theory]
    [InlineData("Y = X[ x / S ]", "Y = X[x/S]")]
    [InlineData("Y = X[(i)]", "Y = X[i]")]
    [InlineData("Y = X[(h*4)+d]", "Y = X[h*4+d]")]
    [InlineData("Y = X[i − 1]", "Y = X[i-1]")]
    [InlineData("Y = X[h ∗ 4]", "Y = X[h*4]")]
    public void Index_arithmetic_is_printed_tight_with_only_the_parentheses_it_needs(string source, string canonical) =>
        Assert.Equal(canonical + "\n", Format(source));

    [Fact]
    public void Lowercase_names_in_indices_are_variables_and_capitalized_ones_constants()
    {
        Assert.Equal(
            "Equation = {TensorRef D {Index {Constant A}, Index {Variable y}}, TensorRef Emb {Index {Constant A}, Index {Variable y}}}",
            TreeOf("D[A, y] = Emb[A, y]"));
    }

    [Fact]
    public void Primes_belong_to_the_name_and_are_spelled_in_ASCII()
    {
        const string source = "A[i, j, k] = M[i, p] M'[j, q] M''[k, r] M′[p, q] M″[q, r] M′′[p, r]";

        var equation = Assert.IsType<EquationStatement>(ParseClean(source).Statements.Single());

        Assert.Equal("A[i, j, k] = M[i, p] M'[j, q] M''[k, r] M'[p, q] M''[q, r] M''[p, r]\n", Format(source));
        Assert.Equal(["M", "M'", "M''", "M'", "M''", "M''"], Factors(equation.Value).Select(r => r.Name.Text));
    }

    [Fact]
    public void Primed_index_variables()
    {
        Assert.Equal(
            "Equation = {TensorRef Sim {Index {Variable x}, Index {Variable x'}}, " +
            "Join {TensorRef Emb {Index {Variable x}, Index {Variable d}}, TensorRef Emb {Index {Variable x'}, Index {Variable d}}}}",
            TreeOf("Sim[x, x′] = Emb[x, d] Emb[x′, d]"));
    }

    [Fact]
    public void Atom_arguments_take_index_arithmetic()
    {
        Assert.Equal(
            "Rule {AtomRef Reach {Index {IndexBinary Add {Variable t, Integer 1}}}, Atom {AtomRef Reach {Index {Variable t}}}}",
            TreeOf("Reach(t+1) <- Reach(t)"));
    }

    [Fact]
    public void Atoms_used_as_factors_may_take_a_virtual_index()
    {
        Assert.Equal(
            "Equation = {ScalarRef Y, Join {AtomRef X {VirtualIndex {Variable t}}, TensorRef W {Index {Variable t}}}}",
            TreeOf("Y = X(*t) W[t]"));
    }

    [Fact]
    public void A_tensor_reference_records_its_rank_and_style()
    {
        var equation = Assert.IsType<EquationStatement>(ParseClean("Y[i] = Neig(i, j) Z[j]").Statements.Single());
        var factors = Factors(equation.Value).ToList();

        Assert.Equal((ReferenceStyle.Bracket, 1), (equation.Target.Style, equation.Target.Rank));
        Assert.Equal((ReferenceStyle.Paren, 2), (factors[0].Style, factors[0].Rank));
        Assert.Equal((ReferenceStyle.Bracket, 1), (factors[1].Style, factors[1].Rank));
    }

    private static IEnumerable<TensorReference> Factors(Expression expression) => expression switch
    {
        BinaryExpression binary => Factors(binary.Left).Concat(Factors(binary.Right)),
        TensorExpression tensor => [tensor.Reference],
        _ => [],
    };
}
