using static TensorLogic.Syntax.Tests.Infrastructure.Snippets;

namespace TensorLogic.Syntax.Tests;

/// <summary>
/// Right-hand sides: precedence (join by juxtaposition binds like '*' and '/', '^' tighter than unary minus
/// and right-associative), and the call-or-atom decision made by the case of the name.
/// </summary>
public sealed class ExpressionTests
{
    [Theory]
    [InlineData("-x^2", "Negate {Power {Name x, Number 2}}")]
    [InlineData("(-x)^2", "Power {Negate {Name x}, Number 2}")]
    [InlineData("A - B", "Subtract {Name A, Name B}")]
    [InlineData("A - B - C", "Subtract {Subtract {Name A, Name B}, Name C}")]
    [InlineData("A - (B - C)", "Subtract {Name A, Subtract {Name B, Name C}}")]
    [InlineData("A B + C D", "Add {Join {Name A, Name B}, Join {Name C, Name D}}")]
    [InlineData("W[i] (B + C)", "Join {TensorRef W {Index {Variable i}}, Add {Name B, Name C}}")]
    [InlineData("A * (B + C)", "Join {Name A, Add {Name B, Name C}}")]
    [InlineData("(A + B) C", "Join {Add {Name A, Name B}, Name C}")]
    [InlineData("a^b^c", "Power {Name a, Power {Name b, Name c}}")]
    [InlineData("(a^b)^c", "Power {Power {Name a, Name b}, Name c}")]
    [InlineData("A / B C", "Join {Divide {Name A, Name B}, Name C}")]
    [InlineData("A / (B C)", "Divide {Name A, Join {Name B, Name C}}")]
    [InlineData("A B / C", "Divide {Join {Name A, Name B}, Name C}")]
    [InlineData("A % B", "Modulo {Name A, Name B}")]
    [InlineData("2^-1", "Power {Number 2, Negate {Number 1}}")]
    [InlineData("- -A", "Negate {Negate {Name A}}")]
    [InlineData("-A B", "Join {Negate {Name A}, Name B}")]
    [InlineData("-(A B)", "Negate {Join {Name A, Name B}}")]
    [InlineData("A^2 B", "Join {Power {Name A, Number 2}, Name B}")]
    [InlineData("A^-B C", "Join {Power {Name A, Negate {Name B}}, Name C}")]
    public void Precedence_and_associativity(string rhs, string tree) =>
        Assert.Equal("Equation = {ScalarRef Y, " + tree + "}", TreeOf("Y = " + rhs));

    /// <summary>A juxtaposed factor cannot begin with '-', so "A -B" is a subtraction, like "A - B".</summary>
    [Theory]
    [InlineData("A -B")]
    [InlineData("A-B")]
    [InlineData("A − B")]
    public void A_minus_between_factors_subtracts(string rhs) =>
        Assert.Equal("Equation = {ScalarRef Y, Subtract {Name A, Name B}}", TreeOf("Y = " + rhs));

    [Fact]
    public void A_join_with_a_negated_factor_needs_parentheses_or_a_star()
    {
        Assert.Equal("Equation = {ScalarRef Y, Join {Name C, Negate {Name B}}}", TreeOf("Y = (C) (-B)"));
        Assert.Equal("Equation = {ScalarRef Y, Join {Name C, Negate {Name B}}}", TreeOf("Y = C * -B"));
    }

    /// <summary>
    /// A name right before '(' always starts a call or an atom, whatever the spacing: "A (B + C)" is the atom
    /// A(B+C), and a join with a parenthesized factor after a bare name needs '*'. The formatter writes it so.
    /// </summary>
    [Fact]
    public void A_bare_name_before_parentheses_is_never_a_join()
    {
        Assert.Equal("Equation = {ScalarRef Y, AtomRef A {Index {IndexBinary Add {Constant B, Constant C}}}}", TreeOf("Y = A (B + C)"));
        Assert.Equal("Equation = {ScalarRef Y, Call a {Add {Name B, Name C}}}", TreeOf("Y = a (B + C)"));
    }

    [Theory]
    [InlineData("Y = -x^2", "Y = -x^2")]
    [InlineData("Y = (-x)^2", "Y = (-x)^2")]
    [InlineData("Y = A * B", "Y = A B")]
    [InlineData("Y = A ∗ B", "Y = A B")]
    [InlineData("Y = W[i] (-B)", "Y = W[i] * -B")]
    [InlineData("Y = A * (B + C)", "Y = A * (B + C)")]
    [InlineData("Y = (p) (B + C) q", "Y = p * (B + C) q")]
    [InlineData("Y = W[i] (B + C)", "Y = W[i] (B + C)")]
    [InlineData("Y = ((A B))", "Y = A B")]
    [InlineData("Y = a^(b^c)", "Y = a^b^c")]
    [InlineData("Y = (a^b)^c", "Y = (a^b)^c")]
    [InlineData("Y=A/B C", "Y = A / B C")]
    [InlineData("Y = A / (B C)", "Y = A / (B C)")]
    [InlineData("Y = A - (B - C)", "Y = A - (B - C)")]
    [InlineData("Y = (A - B) - C", "Y = A - B - C")]
    [InlineData("Y = 2 (A)", "Y = 2 A")]
    [InlineData("Y = 2 (A + B)", "Y = 2 * (A + B)")]
    public void The_formatter_prints_only_the_parentheses_and_stars_that_change_the_reading(string source, string canonical) =>
        Assert.Equal(canonical + "\n", Format(source));

    [Fact]
    public void A_lowercase_name_before_parentheses_is_a_call()
    {
        Assert.Equal(
            "Equation = {TensorRef Y {Index {Variable i}}, Call step {Join {TensorRef W {Index {Variable i}}, TensorRef X {Index {Variable i}}}}}",
            TreeOf("Y[i] = step(W[i] X[i])"));
    }

    [Fact]
    public void A_capitalized_name_before_parentheses_is_a_Boolean_atom()
    {
        Assert.Equal(
            "Equation = {TensorRef Agg {Index {Variable n}, Index {Variable d}}, " +
            "Join {AtomRef Neig {Index {Variable n}, Index {Variable n'}}, TensorRef Z {Index {Variable n'}, Index {Variable d}}}}",
            TreeOf("Agg[n, d] = Neig(n, n') Z[n', d]"));
    }

    [Fact]
    public void Space_before_the_parenthesis_does_not_matter()
    {
        Assert.Equal(TreeOf("Y = sig(X)"), TreeOf("Y = sig (X)"));
        Assert.Equal(TreeOf("Y = R(x)"), TreeOf("Y = R (x)"));
    }

    [Fact]
    public void Calls_take_several_arguments_of_any_expression()
    {
        Assert.Equal(
            "Equation = {TensorRef D {Index {Variable x}}, Call sig {Join {TensorRef E {Index {Variable x}}, TensorRef F {Index {Variable x}}}, Name T}}",
            TreeOf("D[x] = sig(E[x] F[x], T)"));
        Assert.Equal(
            "Equation = {TensorRef K {Index {Variable i}}, Call pow {Join {TensorRef X {Index {Variable i}}, TensorRef X {Index {Variable j}}}, Name N}}",
            TreeOf("K[i] = pow(X[i] X[j], N)"));
    }

    [Fact]
    public void Conditionals_join_expressions_with_Boolean_atoms()
    {
        Assert.Equal(
            "Equation = {TensorRef PosEnc {Index {Variable p}, Index {Variable d}}, " +
            "Add {Join {AtomRef Even {Index {Variable d}}, Call sin {Divide {Name p, Power {Name L, Divide {Name d, Name De}}}}}, " +
            "Join {AtomRef Odd {Index {Variable d}}, Call cos {Divide {Name p, Power {Name L, Divide {Subtract {Name d, Number 1}, Name De}}}}}}}",
            TreeOf("PosEnc[p, d] = Even(d) sin(p/L^(d/De)) + Odd(d) cos(p/L^((d-1)/De))"));
    }

    [Fact]
    public void Numbers_keep_their_spelling()
    {
        Assert.Equal(
            "Equation = {ScalarRef Y, Add {Add {Add {Number 0.5, Number 1e3}, Number 2.5E-2}, Number 10000}}",
            TreeOf("Y = 0.5 + 1e3 + 2.5E-2 + 10000"));
    }

    [Fact]
    public void The_sigmoid_with_temperature_of_the_paper_parses_as_a_Boolean_equation_on_a_lowercase_name()
    {
        // "σ(x, T) = 1 / (1 + e^(−x/T))" is printed as math on p. 15; σ is a lowercase letter, so the left-hand
        // side is an atom named σ. Whether that is allowed is for the binder to say.
        Assert.Equal(
            "Equation = {AtomRef σ {Index {Variable x}, Index {Constant T}}, " +
            "Divide {Number 1, Add {Number 1, Power {Name e, Divide {Negate {Name x}, Name T}}}}}",
            TreeOf("σ(x, T) = 1 / (1 + e^(−x/T))"));
    }
}
