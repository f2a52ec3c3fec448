using TensorLogic.Syntax.Tree;
using static TensorLogic.Syntax.Tests.Infrastructure.Snippets;

namespace TensorLogic.Syntax.Tests;

/// <summary>
/// The learning directives (learn, fixed, init): the trees they parse to, their canonical text, and the
/// errors for misspelt words and lists of the wrong shape. What the settings mean is the binder's concern.
/// </summary>
public sealed class DirectiveTests
{
    private static void AssertErrors(string source, string expected) =>
        Assert.Equal(expected.ReplaceLineEndings("\n"), Errors(source));

    [Theory]
    [InlineData("learn Loss with optimizer=adam, lr=0.01, epochs=200, batch=32, examples=e, validate=0.2, seed=7, predict=O, labels=Y")]
    [InlineData("learn Loss wrt W1, B1 with lr=0.1")]
    [InlineData("learn Loss wrt W1")]
    [InlineData("learn Loss")]
    [InlineData("fixed T, Scale")]
    [InlineData("fixed T")]
    [InlineData("init W1, W2 with scheme=he, scale=0.5")]
    [InlineData("init W1")]
    [InlineData("learn Loss with lr=-0.5, eps=1e-8, path=\"runs/a b\"")]
    public void Canonical_directives_format_to_themselves(string source)
    {
        Assert.Equal(source + "\n", Format(source));
    }

    [Theory]
    [InlineData("learn   Loss  wrt W1 ,B1   with lr = 0.1", "learn Loss wrt W1, B1 with lr=0.1")]
    [InlineData("learn Loss wrt W1,\n    B1 with lr=0.1,\n    epochs=3", "learn Loss wrt W1, B1 with lr=0.1, epochs=3")]
    [InlineData("fixed M′, M″", "fixed M', M''")]
    [InlineData("init W with scale=−0.5", "init W with scale=-0.5")]
    [InlineData("learn Loss. fixed T. Y?", "learn Loss\nfixed T\nY?")]
    public void Directives_are_formatted_canonically(string source, string canonical)
    {
        Assert.Equal(canonical + "\n", Format(source));
        Assert.Equal(canonical + "\n", Format(canonical));
    }

    [Fact]
    public void Learn_statement_tree()
    {
        Assert.Equal(
            "Learn {Loss Loss, Learned W1, Learned B1, Setting lr {Number 0.1}, Setting optimizer {Name sgd}, Setting run {String \"a\"}}",
            TreeOf("learn Loss wrt W1, B1 with lr=0.1, optimizer=sgd, run=\"a\""));
    }

    [Fact]
    public void Fixed_and_init_statement_trees()
    {
        Assert.Equal(
            "Fixed {Tensor T, Tensor Scale}\nInit {Tensor W1, Tensor W2, Setting scheme {Name he}, Setting scale {Number 0.5}}",
            TreeOf("fixed T, Scale\ninit W1, W2 with scheme=he, scale=0.5"));
    }

    [Fact]
    public void Learn_statement_keeps_names_and_setting_values_with_their_text()
    {
        var learn = Assert.IsType<LearnStatement>(ParseClean("learn Loss wrt W1, B1 with lr=-1e-3, epochs=200, optimizer=adam, note=\"x\\ty\"").Statements.Single());

        Assert.Equal("Loss", learn.Loss.Text);
        Assert.Equal(["W1", "B1"], learn.Learned.Select(n => n.Text));
        Assert.Equal(["lr", "epochs", "optimizer", "note"], learn.Settings.Select(s => s.Name.Text));
        var lr = Assert.IsType<NumberSettingValue>(learn.Settings[0].Value);
        Assert.Equal((-0.001, "-1e-3", false), (lr.Value, lr.Text, lr.IsInteger));
        var epochs = Assert.IsType<NumberSettingValue>(learn.Settings[1].Value);
        Assert.Equal((200.0, true), (epochs.Value, epochs.IsInteger));
        Assert.Equal("adam", Assert.IsType<NameSettingValue>(learn.Settings[2].Value).Name.Text);
        Assert.Equal("x\ty", Assert.IsType<StringSettingValue>(learn.Settings[3].Value).Value);
    }

    [Fact]
    public void Learn_without_wrt_has_an_empty_learned_list()
    {
        var learn = Assert.IsType<LearnStatement>(ParseClean("learn Loss").Statements.Single());

        Assert.Empty(learn.Learned);
        Assert.Empty(learn.Settings);
    }

    [Fact]
    public void Directives_live_beside_every_other_statement()
    {
        const string source = """
            import "lib.tl"
            W : real[2, 3]
            X = [1, 2, 3]
            Y[i] = W[i, j] X[j]
            Parent(Bob, Ann)
            Loss = (Y[i] - T[i])^2
            learn Loss wrt W with lr=0.1
            fixed T
            init W with scheme=normal
            Y?
            """;

        var kinds = ParseClean(source).Statements.Select(s => s.GetType().Name);

        Assert.Equal(
            ["ImportStatement", "DeclarationStatement", "LiteralStatement", "EquationStatement", "FactStatement",
             "EquationStatement", "LearnStatement", "FixedStatement", "InitStatement", "QueryStatement"],
            kinds);
    }

    [Fact]
    public void The_words_are_ordinary_names_elsewhere()
    {
        Assert.Equal(
            "Equation = {TensorRef Y {Index {Variable learn}}, TensorRef X {Index {Variable learn}, Index {Variable with}}}",
            TreeOf("Y[learn] = X[learn, with]"));
    }

    [Fact]
    public void Misspelt_statement_word_suggests_the_nearest()
    {
        AssertErrors("lern Loss with lr=0.1", """
            test.tl:1:1: error TL1006: unknown statement word 'lern'
             1 | lern Loss with lr=0.1
               | ^~~~
              = help: did you mean 'learn'?

            """);
    }

    [Fact]
    public void Capitalized_statement_word_suggests_the_lowercase_one()
    {
        AssertErrors("Fixed T", """
            test.tl:1:1: error TL1006: unknown statement word 'Fixed'
             1 | Fixed T
               | ^~~~~
              = help: did you mean 'fixed'?

            """);
    }

    [Fact]
    public void Unrelated_statement_word_names_the_directives()
    {
        AssertErrors("minimize Loss", """
            test.tl:1:1: error TL1006: unknown statement word 'minimize'
             1 | minimize Loss
               | ^~~~~~~~
              = help: a line that starts with two names is a learning directive (learn, fixed or init) or a module header (input or param)

            """);
    }

    [Fact]
    public void Misspelt_connecting_word_suggests_the_nearest()
    {
        AssertErrors("learn Loss wiht lr=0.1", """
            test.tl:1:12: error TL6008: unknown word 'wiht' in a learn statement
             1 | learn Loss wiht lr=0.1
               |            ^~~~
              = help: did you mean 'with'?

            """);
    }

    [Fact]
    public void A_clause_the_statement_does_not_have()
    {
        AssertErrors("fixed T with scale=1", """
            test.tl:1:9: error TL6008: a fixed statement has no 'with' clause
             1 | fixed T with scale=1
               |         ^~~~
              = help: the form is: fixed T1, T2

            """);
    }

    [Fact]
    public void Wrt_after_with()
    {
        AssertErrors("learn Loss with lr=0.1 wrt W", """
            test.tl:1:24: error TL6008: 'wrt' must come before 'with' in a learn statement
             1 | learn Loss with lr=0.1 wrt W
               |                        ^~~
              = help: the form is: learn Loss [wrt W1, W2] [with name=value, ...]

            """);
    }

    [Fact]
    public void A_clause_twice()
    {
        AssertErrors("init W with scale=1 with scheme=he", """
            test.tl:1:21: error TL6008: 'with' comes twice in an init statement
             1 | init W with scale=1 with scheme=he
               |                     ^~~~
              = help: the form is: init W1, W2 [with scheme=he, scale=0.5]

            """);
    }

    [Fact]
    public void Several_losses()
    {
        AssertErrors("learn L1, L2, L3", """
            test.tl:1:11: error TL6008: a learn statement names one loss, not 3
             1 | learn L1, L2, L3
               |           ^~~~~~
              = help: add the losses in an equation and learn that: Loss = L1 + L2 + L3

            """);
    }

    [Fact]
    public void A_setting_where_tensor_names_belong()
    {
        AssertErrors("learn Loss wrt W, lr=0.1", """
            test.tl:1:19: error TL6008: 'wrt' is followed by tensor names, not by the setting 'lr=0.1'
             1 | learn Loss wrt W, lr=0.1
               |                   ^~~~~~
              = help: settings come after 'with': learn Loss with lr=0.01, init W with scheme=he

            """);
    }

    [Fact]
    public void A_setting_without_a_value()
    {
        AssertErrors("learn Loss with adam", """
            test.tl:1:17: error TL6008: setting 'adam' has no value
             1 | learn Loss with adam
               |                 ^~~~
              = help: settings are written name=value, as in optimizer=adam or lr=0.01

            """);
    }

    [Fact]
    public void A_setting_given_twice()
    {
        AssertErrors("learn Loss with lr=0.1, epochs=3, lr=0.2", """
            test.tl:1:35: error TL6008: setting 'lr' is given twice
             1 | learn Loss with lr=0.1, epochs=3, lr=0.2
               |                                   ^~~~~~
              = help: keep one of them
            test.tl:1:17: note: first given here
             1 | learn Loss with lr=0.1, epochs=3, lr=0.2
               |                 ^~~~~~

            """);
    }

    [Fact]
    public void A_setting_without_a_value_after_the_equals_sign_is_a_syntax_error()
    {
        var errors = Errors("learn Loss with lr=");

        Assert.Contains("error TL1003: unexpected end of input", errors);
    }

    [Fact]
    public void A_statement_with_an_error_is_left_out_and_the_others_kept()
    {
        var (unit, diagnostics) = Parse("learn Loss wiht lr=0.1\nfixed T\nY?");

        Assert.Single(diagnostics);
        Assert.Equal(["FixedStatement", "QueryStatement"], unit.Statements.Select(s => s.GetType().Name));
    }
}
