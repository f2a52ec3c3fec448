using TensorLogic.Syntax.Formatting;
using TensorLogic.Syntax.Tree;
using static TensorLogic.Syntax.Tests.Infrastructure.Snippets;

namespace TensorLogic.Syntax.Tests;

/// <summary>Each kind of statement, with the exact tree it parses to and its canonical text.</summary>
public sealed class StatementTests
{
    [Theory]
    [InlineData("=")]
    [InlineData("+=")]
    [InlineData("max=")]
    [InlineData("min=")]
    [InlineData("avg=")]
    public void Each_projection_operator_gives_an_equation(string op)
    {
        var source = $"Pooled[x/S] {op} F[x]";

        Assert.Equal(
            "Equation " + op + " {TensorRef Pooled {Index {IndexBinary Divide {Variable x, Constant S}}}, TensorRef F {Index {Variable x}}}",
            TreeOf(source));
        Assert.Equal(source + "\n", Format(source));
    }

    [Fact]
    public void Projection_operators_are_distinct_in_the_tree()
    {
        var unit = ParseClean("A = X\nA += X\nA max= X\nA min= X\nA avg= X");

        var operators = unit.Statements.Cast<EquationStatement>().Select(e => e.Operator);

        Assert.Equal(
            [ProjectionOperator.Assign, ProjectionOperator.Add, ProjectionOperator.Max, ProjectionOperator.Min, ProjectionOperator.Average],
            operators);
    }

    [Theory]
    [InlineData("Ancestor(x, z) <- Ancestor(x, y), Parent(y, z)")]
    [InlineData("Ancestor(x, z) ← Ancestor(x, y), Parent(y, z)")]
    [InlineData("Ancestor(x, z) :- Ancestor(x, y), Parent(y, z)")]
    [InlineData("Ancestor(x, z) <- Ancestor(x, y), Parent(y, z).")]
    [InlineData("Ancestor(x,z)<-Ancestor(x,y),Parent(y,z).")]
    public void Rule_arrows_and_a_trailing_dot_give_the_same_rule(string source)
    {
        Assert.Equal(
            "Rule {AtomRef Ancestor {Index {Variable x}, Index {Variable z}}, " +
            "Atom {AtomRef Ancestor {Index {Variable x}, Index {Variable y}}}, " +
            "Atom {AtomRef Parent {Index {Variable y}, Index {Variable z}}}}",
            TreeOf(source));
        Assert.Equal("Ancestor(x, z) <- Ancestor(x, y), Parent(y, z)\n", Format(source));
    }

    [Fact]
    public void Dots_separate_statements_on_one_line()
    {
        const string source = "Parent(Bob, Charlie). Parent(Charlie, Dana). Ancestor(x, y) <- Parent(x, y). Ancestor(Bob, y)?";

        var unit = ParseClean(source);

        Assert.Equal([typeof(FactStatement), typeof(FactStatement), typeof(RuleStatement), typeof(QueryStatement)],
            unit.Statements.Select(s => s.GetType()));
        Assert.Equal(
            "Parent(Bob, Charlie)\nParent(Charlie, Dana)\nAncestor(x, y) <- Parent(x, y)\nAncestor(Bob, y)?\n",
            Formatter.Format(unit));
    }

    [Fact]
    public void A_dot_after_an_integer_ends_the_statement_rather_than_making_a_number()
    {
        Assert.Equal("Equation = {ScalarRef Y, Number 2}\nQuery {ScalarRef Y}", TreeOf("Y = 2. Y?"));
    }

    [Fact]
    public void A_list_of_facts_gives_one_statement_per_fact_with_its_own_span()
    {
        var dump = TreeDumper.Dump(ParseClean("X(1), X(2)"));

        Assert.Equal(
            """
            Program @1:1-1:11
              Fact @1:1-1:5
                AtomRef X @1:1-1:5
                  Index @1:3-1:4
                    Integer 1 @1:3-1:4
              Fact @1:7-1:11
                AtomRef X @1:7-1:11
                  Index @1:9-1:10
                    Integer 2 @1:9-1:10

            """.ReplaceLineEndings("\n"),
            dump);
    }

    [Fact]
    public void Facts_take_symbols_integers_and_strings()
    {
        Assert.Equal(
            """Fact {AtomRef M {Index {Integer 0}, Index {Constant Alice}, Index {Symbol "New York"}}}""",
            TreeOf("""M(0, Alice, "New York")"""));
    }

    [Theory]
    [InlineData("Lonely(x) <- Person(x), not Married(x)")]
    [InlineData("Lonely(x) <- Person(x), ¬Married(x)")]
    [InlineData("Lonely(x) <- Person(x), ¬ Married(x)")]
    public void Negated_atoms_in_a_rule_body(string source)
    {
        Assert.Equal(
            "Rule {AtomRef Lonely {Index {Variable x}}, Atom {AtomRef Person {Index {Variable x}}}, " +
            "NegatedAtom {AtomRef Married {Index {Variable x}}}}",
            TreeOf(source));
        Assert.Equal("Lonely(x) <- Person(x), not Married(x)\n", Format(source));
    }

    [Fact]
    public void Not_is_an_ordinary_name_where_it_does_not_precede_an_atom()
    {
        Assert.Equal(
            "Rule {AtomRef R {Index {Variable not}}, Atom {AtomRef P {Index {Variable not}}}}",
            TreeOf("R(not) <- P(not)"));
    }

    [Theory]
    [InlineData("==", "==")]
    [InlineData("!=", "!=")]
    [InlineData("≠", "!=")]
    [InlineData("<", "<")]
    [InlineData("<=", "<=")]
    [InlineData("≤", "<=")]
    [InlineData(">", ">")]
    [InlineData(">=", ">=")]
    [InlineData("≥", ">=")]
    public void Comparisons_in_a_rule_body(string op, string canonical)
    {
        var source = $"Sibling(x, y) <- Parent(p, x), Parent(p, y), x {op} y";

        Assert.Equal(
            "Rule {AtomRef Sibling {Index {Variable x}, Index {Variable y}}, " +
            "Atom {AtomRef Parent {Index {Variable p}, Index {Variable x}}}, Atom {AtomRef Parent {Index {Variable p}, Index {Variable y}}}, " +
            "Comparison " + canonical + " {Variable x, Variable y}}",
            TreeOf(source));
        Assert.Equal($"Sibling(x, y) <- Parent(p, x), Parent(p, y), x {canonical} y\n", Format(source));
    }

    [Fact]
    public void Comparisons_take_index_arithmetic()
    {
        Assert.Equal(
            "Rule {AtomRef Later {Index {Variable t}, Index {Variable u}}, Atom {AtomRef Step {Index {Variable t}}}, " +
            "Atom {AtomRef Step {Index {Variable u}}}, Comparison < {IndexBinary Add {Variable t, Integer 1}, Variable u}}",
            TreeOf("Later(t, u) <- Step(t), Step(u), t + 1 < u"));
    }

    [Theory]
    [InlineData("Parent : bool[Person, Person]", "Parent : bool[Person, Person]")]
    [InlineData("W : real[4, 8]", "W : real[4, 8]")]
    [InlineData("Loss : real", "Loss : real")]
    [InlineData("M′ :real[ 2 ]", "M' : real[2]")]
    public void Declarations(string source, string canonical)
    {
        Assert.Equal($"Declaration {canonical}", TreeOf(source));
        Assert.Equal(canonical + "\n", Format(source));
    }

    [Fact]
    public void Declaration_dimensions_are_sizes_or_domain_names()
    {
        var declaration = Assert.IsType<DeclarationStatement>(ParseClean("Emb : real[Obj, 64]").Statements.Single());

        Assert.Equal("Emb", declaration.Name.Text);
        Assert.Equal("real", declaration.TypeName.Text);
        Assert.Equal("Obj", Assert.IsType<NamedDimension>(declaration.Dimensions[0]).Name.Text);
        Assert.Equal(64, Assert.IsType<SizeDimension>(declaration.Dimensions[1]).Size);
    }

    [Fact]
    public void Import()
    {
        Assert.Equal("""Import "lib/logic.tl" """.TrimEnd(), TreeOf("""import "lib/logic.tl" """));
        Assert.Equal("import \"lib/logic.tl\"\n", Format("import   \"lib/logic.tl\""));
    }

    [Theory]
    [InlineData("Y?", "Query {ScalarRef Y}")]
    [InlineData("T[A, x]?", "Query {TensorRef T {Index {Constant A}, Index {Variable x}}}")]
    [InlineData("R(A, x)?", "Query {AtomRef R {Index {Constant A}, Index {Variable x}}}")]
    [InlineData("Ancestor(Alice, Charlie) ?", "Query {AtomRef Ancestor {Index {Constant Alice}, Index {Constant Charlie}}}")]
    public void Queries(string source, string tree) => Assert.Equal(tree, TreeOf(source));

    [Fact]
    public void File_read_into_a_tensor_or_a_relation()
    {
        Assert.Equal(
            """
            FileRead = "text.txt" {ScalarRef M}
            FileRead = "edges.tsv" {AtomRef Edge {Index {Variable x}, Index {Variable y}}}
            """.ReplaceLineEndings("\n"),
            TreeOf("M = \"text.txt\"\nEdge(x, y) = \"edges.tsv\""));
    }

    [Fact]
    public void File_write_of_a_tensor()
    {
        Assert.Equal(
            """
            FileWrite "out.npy" {ScalarRef W}
            FileWrite "out.csv" {TensorRef Y {Index {Variable i}, Index {Variable j}}}
            """.ReplaceLineEndings("\n"),
            TreeOf("\"out.npy\" = W\n\"out.csv\" = Y[i, j]"));
    }

    [Fact]
    public void File_paths_are_unescaped_in_the_tree_and_escaped_again_by_the_formatter()
    {
        const string source = """M = "dir\\a \"b\"\tc.txt" """;

        var read = Assert.IsType<FileReadStatement>(ParseClean(source).Statements.Single());

        Assert.Equal("dir\\a \"b\"\tc.txt", read.Path.Value);
        Assert.Equal(source.TrimEnd() + "\n", Format(source));
    }

    [Fact]
    public void Tensor_literals_nest_one_level_per_rank()
    {
        Assert.Equal(
            "Literal = {ScalarRef W, TensorLiteral [2] {TensorLiteral [2] {Number 1, Number 2}, TensorLiteral [2] {Number 3, Number -4.5}}}",
            TreeOf("W = [[1, 2], [3, -4.5]]"));
    }

    [Fact]
    public void Tensor_literals_keep_numbers_as_written_and_spell_the_minus_in_ASCII()
    {
        const string source = "W = [0.2, 1.9, −0.7, 3, 1e3, 2.5E-2]";

        Assert.Equal("W = [0.2, 1.9, -0.7, 3, 1e3, 2.5E-2]\n", Format(source));
        var literal = Assert.IsType<LiteralStatement>(ParseClean(source).Statements.Single());
        Assert.Equal([0.2, 1.9, -0.7, 3, 1000, 0.025], literal.Value.Elements.Cast<LiteralNumber>().Select(n => n.Value));
    }

    [Fact]
    public void A_literal_may_span_lines()
    {
        Assert.Equal("W = [[1, 0], [0, 1]]\n", Format("W = [[1, 0],\n     [0, 1]]"));
    }

    [Fact]
    public void Paren_style_left_hand_side_is_a_Boolean_equation()
    {
        Assert.Equal(
            "Equation = {AtomRef Aunt {Index {Variable x}, Index {Variable z}}, " +
            "Call step {Join {TensorRef S {Index {Variable x}, Index {Variable y}}, TensorRef P {Index {Variable y}, Index {Variable z}}}}}",
            TreeOf("Aunt(x, z) = step(S[x, y] P[y, z])"));
    }

    [Fact]
    public void Empty_input_blank_lines_and_lone_separators_give_no_statements()
    {
        foreach (var source in new[] { "", "\n\n", ". .\n.", "# only a comment", "  \t\n// another\n" })
        {
            Assert.Empty(ParseClean(source).Statements);
        }
    }
}
