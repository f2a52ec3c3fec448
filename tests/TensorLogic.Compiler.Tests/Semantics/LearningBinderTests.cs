using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler.Tests.Semantics;

/// <summary>
/// The learning directives as the binder sees them: what <see cref="BoundProgram.Learning"/> holds, and
/// each TL6xxx diagnostic at its place with its message.
/// </summary>
public class LearningBinderTests
{
    /// <summary>A small network whose weights have no data: W1 is declared, W2 and B1 are not.</summary>
    private const string Network = """
        X = [[0, 0], [0, 1], [1, 0], [1, 1]]
        Y = [0, 1, 1, 0]
        W1 : real[2, 3]
        H[e, h] = relu(W1[i, h] X[e, i] + B1[h])
        O[e] = sig(W2[h] H[e, h])
        Loss = (O[e] - Y[e])^2

        """;

    private static CompilationResult Check(string text) => Compilation.Compile([new SourceText(text, "test.tl")], null);

    private static BoundLearning Learning(string text)
    {
        var result = Check(text);
        Assert.Equal("", DiagnosticFormatter.Format(result.Diagnostics));
        return Assert.IsType<BoundLearning>(result.Bound!.Learning);
    }

    private static List<string> Reported(string text) => [.. Check(text).Diagnostics.Select(d => $"{d.Id}: {d.Message}")];

    private static Diagnostic Single(string text, string id)
    {
        var diagnostics = Check(text).Diagnostics;
        return Assert.Single(diagnostics, d => d.Id == id);
    }

    private static string Where(Diagnostic diagnostic) => diagnostic.Location!.Value.ToString();

    // ------------------------------------------------------------------ contents

    [Fact]
    public void Every_setting_is_bound_with_its_type()
    {
        var learning = Learning(Network + """
            learn Loss with optimizer=sgd, lr=0.5, momentum=0.9, beta1=0.8, beta2=0.99, eps=1e-6, decay=0.01, clip=5,
              schedule=cosine, warmup=10, every=3, gamma=0.5, lr_min=0.001, epochs=200, batch=32, examples=e,
              validate=0.2, seed=7, predict=O, labels=Y, step=straight, temperature=2, anneal=0.1
            init W2, B1
            """);

        var settings = learning.Settings;
        Assert.Equal(
            new LearningSettings
            {
                Optimizer = "sgd", LearningRate = 0.5, Momentum = 0.9, Beta1 = 0.8, Beta2 = 0.99, Epsilon = 1e-6, WeightDecay = 0.01,
                ClipNorm = 5, Schedule = "cosine", Warmup = 10, Every = 3, Gamma = 0.5, MinLearningRate = 0.001, Epochs = 200,
                Batch = 32, Examples = "e", Validate = 0.2, Seed = 7, Predict = settings.Predict, Labels = settings.Labels,
                StepGradient = "straight", Temperature = 2, Anneal = 0.1,
            },
            settings);
        Assert.Equal(("O", "Y"), (settings.Predict!.Name, settings.Labels!.Name));
    }

    [Fact]
    public void Settings_not_given_are_null()
    {
        var learning = Learning(Network + "learn Loss with lr=0.1\ninit W2, B1");

        Assert.Equal(new LearningSettings { LearningRate = 0.1 }, learning.Settings);
    }

    [Fact]
    public void Learn_without_wrt_leaves_the_learned_set_to_the_default_rule()
    {
        var learning = Learning(Network + "learn Loss\ninit W2, B1");

        Assert.Equal("Loss", learning.Loss.Name);
        Assert.Empty(learning.Learned);
        Assert.False(learning.HasExplicitLearned);
        Assert.Empty(learning.Fixed);
        Assert.Equal("test.tl:7:1", learning.Location.ToString());
    }

    [Fact]
    public void Wrt_fixed_and_init_lists_are_bound_to_the_tensors()
    {
        var learning = Learning(Network + """
            learn Loss wrt W1, W2, W1 with lr=0.1
            fixed B1
            init W1, W2 with scheme=he, scale=0.5
            init B1 with scheme=zeros
            """);

        Assert.Equal(["W1", "W2"], learning.Learned.Select(t => t.Name));
        Assert.True(learning.HasExplicitLearned);
        Assert.Equal(["B1"], learning.Fixed.Select(t => t.Name));
        Assert.Equal(
            ["W1 he 0.5 test.tl:9:6", "W2 he 0.5 test.tl:9:10", "B1 zeros  test.tl:10:6"],
            learning.Inits.Select(i => $"{i.Tensor.Name} {i.Scheme} {i.Scale} {i.Location}"));
    }

    [Fact]
    public void Init_without_a_scheme_is_xavier()
    {
        var init = Assert.Single(Learning(Network + "learn Loss\ninit W2, B1 with scale=2").Inits, i => i.Tensor.Name == "W2");

        Assert.Equal(("xavier", 2.0), (init.Scheme, init.Scale));
    }

    [Fact]
    public void Bound_tensors_are_the_programs_symbols_with_their_shapes()
    {
        var result = Check(Network + "learn Loss wrt W1, W2, B1");
        var learning = result.Bound!.Learning!;

        Assert.Same(result.Bound.FindTensor("Loss"), learning.Loss);
        Assert.Equal([[2, 3], [3], [3]], learning.Learned.Select(t => t.Shape.ToArray()));
    }

    [Fact]
    public void A_program_without_learn_has_no_learning()
    {
        var result = Check(Network + "fixed W1\ninit W2, B1\nLoss?");

        Assert.Equal("", DiagnosticFormatter.Format(result.Diagnostics));
        Assert.Null(result.Bound!.Learning);
    }

    [Fact]
    public void The_learning_section_of_the_printed_program()
    {
        var result = Check(Network + "learn Loss wrt W1, W2, B1 with lr=0.01, epochs=200, predict=O, optimizer=adamw\nfixed X\ninit W1 with scheme=he");

        var printed = BoundProgramPrinter.Print(result.Bound!);

        Assert.EndsWith(
            """
            learning
              loss Loss
              learned W1, W2, B1
              fixed X
              init W1 scheme=he
              with optimizer=adamw, lr=0.01, epochs=200, predict=O

            """.ReplaceLineEndings("\n"),
            printed);
    }

    // ------------------------------------------------------------------ parameters and uses

    [Fact]
    public void Tensors_named_by_wrt_or_init_need_no_data_or_declaration()
    {
        Assert.Empty(Check(Network + "learn Loss wrt W2\ninit B1").Diagnostics);
    }

    [Fact]
    public void An_undeclared_tensor_that_no_directive_names_is_still_unknown_and_the_help_says_how_to_learn_it()
    {
        var diagnostic = Single("X = [1, 2]\nLoss = (A X[i] + Offset)^2\nlearn Loss wrt A", "TL2001");

        Assert.Equal("unknown tensor 'Offset': it has no data, equations or declaration", diagnostic.Message);
        Assert.Equal(
            "to learn it, name it in 'learn ... wrt' or 'init', or declare it (Offset : real[...]); or give it data (Offset = \"file.tsv\")",
            diagnostic.Help);
    }

    [Fact]
    public void A_fixed_tensor_is_not_a_parameter()
    {
        var diagnostic = Single(Network + "learn Loss wrt W2\nfixed B1", "TL2001");

        Assert.Equal("test.tl:4:35", Where(diagnostic));
    }

    [Fact]
    public void Tensors_named_by_directives_count_as_used()
    {
        const string program = """
            X = [1, 2]
            Y = [2, 4]
            Loss = (A X[i] - Y[i])^2
            Spare : real[2]
            Unused = X[i] X[i]
            """;

        Assert.Equal(
            ["TL2029: tensor 'Loss' is computed but never used, queried or written",
             "TL2029: tensor 'Unused' is computed but never used, queried or written"],
            Reported(program + "\nA : real"));
        Assert.Empty(Check(program + "\nA : real\nlearn Loss wrt A with predict=Unused\nfixed Spare").Diagnostics);
    }

    [Fact]
    public void Running_is_not_affected_by_the_directives()
    {
        const string weights = "W2 : real[3]\nB1 : real[3]\n";
        var with = Check(Network + weights + "learn Loss wrt W2, B1 with lr=0.1\nfixed W1\ninit W2 with scheme=he\nO?");
        var without = Check(Network + weights + "O?");

        Assert.Equal(BoundProgramPrinter.Print(without.Bound!).Split("learning")[0], BoundProgramPrinter.Print(with.Bound!).Split("learning")[0]);
    }

    // ------------------------------------------------------------------ diagnostics

    [Fact]
    public void TL6001_unknown_tensor_with_the_nearest_name()
    {
        var diagnostic = Single(Network + "learn Los wrt W1", "TL6001");

        Assert.Equal(("test.tl:7:7", "unknown tensor 'Los' in a learn statement", "did you mean 'Loss'?"),
            (Where(diagnostic), diagnostic.Message, diagnostic.Help));
    }

    [Theory]
    [InlineData("learn Loss wrt W1, W3", "test.tl:8:20", "unknown tensor 'W3' in a learn statement")]
    [InlineData("learn Loss\nfixed Zed", "test.tl:9:7", "unknown tensor 'Zed' in a fixed statement")]
    [InlineData("learn Loss\ninit W1, Q", "test.tl:9:10", "unknown tensor 'Q' in an init statement")]
    [InlineData("learn Loss wrt W1 with predict=P", "test.tl:8:32", "unknown tensor 'P' in setting 'predict'")]
    [InlineData("learn Loss wrt W1 with labels=Yy", "test.tl:8:31", "unknown tensor 'Yy' in setting 'labels'")]
    public void TL6001_in_each_place_a_directive_names_a_tensor(string directive, string where, string message)
    {
        var diagnostic = Single(Network + "init W2, B1\n" + directive, "TL6001");

        Assert.Equal((where, message), (Where(diagnostic), diagnostic.Message));
    }

    [Fact]
    public void TL6002_unknown_setting_with_the_nearest_name()
    {
        var diagnostic = Single(Network + "learn Loss wrt W1, W2, B1 with optimzer=adam", "TL6002");

        Assert.Equal("unknown setting 'optimzer' in a learn statement", diagnostic.Message);
        Assert.Equal("did you mean 'optimizer'?", diagnostic.Help);
    }

    [Theory]
    [InlineData("learn Loss wrt W1, W2, B1 with learning_rate=0.1",
        "the settings of a learn statement are optimizer, lr, momentum, beta1, beta2, eps, decay, clip, schedule, warmup, every, gamma, lr_min, epochs, batch, examples, validate, seed, predict, labels, step, temperature, anneal")]
    [InlineData("learn Loss wrt W1, W2, B1 with scheme=he", "'scheme' is a setting of an init statement")]
    [InlineData("learn Loss wrt W1, W2, B1\ninit W1 with lr=0.1", "'lr' is a setting of a learn statement")]
    [InlineData("learn Loss wrt W1, W2, B1\ninit W1 with mean=0.1", "the settings of an init statement are scheme, scale")]
    public void TL6002_help_names_the_settings_or_the_statement_a_setting_belongs_to(string directive, string help)
    {
        Assert.Equal(help, Single(Network + directive, "TL6002").Help);
    }

    [Theory]
    [InlineData("lr=0", "setting 'lr' must be a number greater than 0, not '0'")]
    [InlineData("lr=-0.1", "setting 'lr' must be a number greater than 0, not '-0.1'")]
    [InlineData("lr=fast", "setting 'lr' must be a number greater than 0, not 'fast'")]
    [InlineData("validate=1", "setting 'validate' must be a number from 0 up to, but not including, 1, not '1'")]
    [InlineData("momentum=-0.5", "setting 'momentum' must be a number from 0 up to, but not including, 1, not '-0.5'")]
    [InlineData("beta2=1.5", "setting 'beta2' must be a number from 0 up to, but not including, 1, not '1.5'")]
    [InlineData("eps=0", "setting 'eps' must be a number greater than 0, not '0'")]
    [InlineData("decay=-1", "setting 'decay' must be a number of at least 0, not '-1'")]
    [InlineData("temperature=0", "setting 'temperature' must be a number greater than 0, not '0'")]
    [InlineData("epochs=0", "setting 'epochs' must be an integer of at least 1, not '0'")]
    [InlineData("epochs=2.5", "setting 'epochs' must be an integer of at least 1, not '2.5'")]
    [InlineData("epochs=1e3", "setting 'epochs' must be an integer of at least 1, not '1e3'")]
    [InlineData("epochs=99999999999", "setting 'epochs' must be an integer of at least 1, not '99999999999'")]
    [InlineData("batch=-1", "setting 'batch' must be an integer of at least 0, not '-1'")]
    [InlineData("seed=-7", "setting 'seed' must be an integer of at least 0, not '-7'")]
    [InlineData("warmup=x", "setting 'warmup' must be an integer of at least 0, not 'x'")]
    [InlineData("optimizer=rmsprop", "setting 'optimizer' must be one of sgd, adam, adamw, not 'rmsprop'")]
    [InlineData("optimizer=1", "setting 'optimizer' must be one of sgd, adam, adamw, not '1'")]
    [InlineData("schedule=linear", "setting 'schedule' must be one of constant, step, cosine, not 'linear'")]
    [InlineData("step=hard", "setting 'step' must be one of zero, straight, sigmoid, not 'hard'")]
    [InlineData("examples=E", "setting 'examples' must be an index variable (a lowercase name), not 'E'")]
    [InlineData("examples=\"e\"", "setting 'examples' must be an index variable (a lowercase name), not \"e\"")]
    [InlineData("predict=0", "setting 'predict' must be a tensor, not '0'")]
    public void TL6003_values_of_the_wrong_kind_or_out_of_range(string setting, string message)
    {
        var diagnostic = Single(Network + "learn Loss wrt W1, W2, B1 with " + setting, "TL6003");

        Assert.Equal(message, diagnostic.Message);
        Assert.Equal(Network.Length + "learn Loss wrt W1, W2, B1 with ".Length + setting.IndexOf('=') + 1, diagnostic.Location!.Value.Span.Start);
    }

    [Theory]
    [InlineData("optimizer=adma", "did you mean 'adam'?")]
    [InlineData("optimizer=Adam", "did you mean 'adam'?")]
    [InlineData("optimizer=\"adamw\"", null)]
    public void TL6003_suggests_the_nearest_choice(string setting, string? help)
    {
        var diagnostics = Check(Network + "learn Loss wrt W1, W2, B1 with " + setting).Diagnostics;

        if (help is null)
            Assert.Empty(diagnostics);
        else
            Assert.Equal(help, Assert.Single(diagnostics).Help);
    }

    [Theory]
    [InlineData("scheme=gaussian", "setting 'scheme' must be one of xavier, he, normal, uniform, zeros, not 'gaussian'")]
    [InlineData("scale=0", "setting 'scale' must be a number greater than 0, not '0'")]
    public void TL6003_in_an_init_statement(string setting, string message)
    {
        Assert.Equal(message, Single(Network + "learn Loss wrt W1, W2, B1\ninit W1 with " + setting, "TL6003").Message);
    }

    [Fact]
    public void TL6004_a_second_learn_statement()
    {
        var diagnostic = Single(Network + "learn Loss wrt W1, W2, B1\nlearn Loss with lr=0.1", "TL6004");

        Assert.Equal(("test.tl:8:1", "a program has at most one learn statement"), (Where(diagnostic), diagnostic.Message));
        Assert.Equal("test.tl:7:1", Assert.Single(diagnostic.Notes).Location.ToString());
    }

    [Fact]
    public void TL6005_a_tensor_both_learned_and_fixed()
    {
        var diagnostic = Single(Network + "learn Loss wrt W1, W2, B1\nfixed X, W2", "TL6005");

        Assert.Equal(("test.tl:8:10", "tensor 'W2' is both learned and fixed"), (Where(diagnostic), diagnostic.Message));
        Assert.Equal(("test.tl:7:20", "learned here"), (Assert.Single(diagnostic.Notes).Location.ToString(), diagnostic.Notes[0].Message));
    }

    [Fact]
    public void TL6005_a_tensor_initialized_twice()
    {
        var diagnostic = Single(Network + "learn Loss wrt W1, W2, B1\ninit W1, W2 with scheme=he\ninit W2 with scheme=zeros", "TL6005");

        Assert.Equal(("test.tl:9:6", "tensor 'W2' is initialized twice"), (Where(diagnostic), diagnostic.Message));
        Assert.Equal("test.tl:8:10", Assert.Single(diagnostic.Notes).Location.ToString());
    }

    [Theory]
    [InlineData("learn Loss wrt W1, W2, B1, X", "test.tl:7:28", "tensor 'X' cannot be learned: it is data", "test.tl:1:1")]
    [InlineData("learn Loss wrt W1, W2, B1, H", "test.tl:7:28", "tensor 'H' cannot be learned: it is computed by an equation", "test.tl:4:1")]
    [InlineData("learn Loss wrt W1, W2, B1\ninit Y", "test.tl:8:6", "tensor 'Y' cannot be initialized: it is data", "test.tl:2:1")]
    [InlineData("learn Loss wrt W1, W2, B1\ninit O with scheme=he", "test.tl:8:6", "tensor 'O' cannot be initialized: it is computed by an equation", "test.tl:5:1")]
    [InlineData("Edge(0, 1)\nlearn Loss wrt W1, W2, B1, Edge", "test.tl:8:28", "tensor 'Edge' cannot be learned: it is data", "test.tl:7:1")]
    [InlineData("S = 2\nlearn Loss wrt W1, W2, B1, S", "test.tl:8:28", "tensor 'S' cannot be learned: it is computed by an equation", "test.tl:7:1")]
    public void TL6006_data_and_computed_tensors_cannot_be_learned(string directives, string where, string message, string definition)
    {
        var diagnostic = Single(Network + directives, "TL6006");

        Assert.Equal((where, message, definition), (Where(diagnostic), diagnostic.Message, Assert.Single(diagnostic.Notes).Location.ToString()));
    }

    [Fact]
    public void TL6006_a_rule_head_is_computed()
    {
        const string program = """
            Edge(0, 1)
            Path(x, y) <- Edge(x, y)
            W : real
            Loss = W W
            learn Loss wrt W, Path
            """;

        var diagnostic = Single(program, "TL6006");

        Assert.Equal(("tensor 'Path' cannot be learned: it is computed by an equation", "test.tl:2:1"),
            (diagnostic.Message, diagnostic.Notes[0].Location.ToString()));
    }

    [Theory]
    [InlineData("Edge(0, 1)\nGood(x) <- Edge(x, y)\nlearn Good", "test.tl:3:7", "the loss 'Good' is Boolean: it is written with parentheses", "test.tl:2:1")]
    [InlineData("Flag : bool\nlearn Flag", "test.tl:2:7", "the loss 'Flag' is Boolean: it is declared bool", "test.tl:1:1")]
    public void TL6007_a_Boolean_loss(string program, string where, string message, string note)
    {
        var diagnostic = Single(program, "TL6007");

        Assert.Equal((where, message, note), (Where(diagnostic), diagnostic.Message, Assert.Single(diagnostic.Notes).Location.ToString()));
    }

    [Fact]
    public void TL6009_fixing_data_or_a_computed_tensor_is_a_warning()
    {
        var result = Check(Network + "learn Loss wrt W1, W2, B1\nfixed X, H");

        Assert.False(result.HasErrors);
        Assert.Equal(
            ["TL6009: tensor 'X' is data, so it is never learned; 'fixed' changes nothing",
             "TL6009: tensor 'H' is computed by an equation, so it is never learned; 'fixed' changes nothing"],
            result.Diagnostics.Select(d => $"{d.Id}: {d.Message}"));
        Assert.All(result.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
    }

    [Fact]
    public void Directive_errors_are_reported_beside_other_errors()
    {
        var ids = Check(Network + "learn Loss wrt W1, W2, B1 with lr=0\nZ = Nope[i]").Diagnostics.Select(d => d.Id);

        Assert.Equal(["TL6003", "TL2001"], ids);
    }

    // ------------------------------------------------------------------ defaults and overrides

    [Fact]
    public void Defaults_fill_every_field_not_given()
    {
        var defaults = new LearningSettings().WithDefaults();

        Assert.Equal(
            new LearningSettings
            {
                Optimizer = "adam", LearningRate = 0.001, Momentum = 0, Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8, WeightDecay = 0,
                Schedule = "constant", Warmup = 0, Every = 25, Gamma = 0.5, MinLearningRate = 0, Epochs = 100, Batch = 0,
                Validate = 0, Seed = 0, StepGradient = "zero", Temperature = 1, Anneal = 1,
            },
            defaults);
    }

    [Fact]
    public void Defaults_that_depend_on_other_settings()
    {
        var sgd = new LearningSettings { Optimizer = "sgd", Epochs = 10, Temperature = 4 }.WithDefaults();

        Assert.Equal((0.01, 2, 4.0), (sgd.LearningRate!.Value, sgd.Every!.Value, sgd.Anneal!.Value));
        Assert.Equal(0.001, new LearningSettings { Optimizer = "adamw" }.WithDefaults().LearningRate);
        Assert.Equal(0.5, new LearningSettings { LearningRate = 0.5 }.WithDefaults().LearningRate);
    }

    [Fact]
    public void Overrides_replace_only_the_fields_they_give()
    {
        var program = new LearningSettings { Optimizer = "sgd", LearningRate = 0.1, Epochs = 5 };

        var merged = program.OverriddenBy(new LearningSettings { LearningRate = 0.2, Seed = 3 });

        Assert.Equal(new LearningSettings { Optimizer = "sgd", LearningRate = 0.2, Epochs = 5, Seed = 3 }, merged);
    }
}
