using TensorLogic.Compiler;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Scheduling;

/// <summary>
/// <see cref="EvaluationOptions.ReleaseIntermediates"/>: during <see cref="Session.Run"/> a value no output
/// needs goes back once its last reader has run; answers do not change, and asking for such a value later
/// computes it again.
/// </summary>
public class ReleaseIntermediatesTests
{
    /// <summary>
    /// A = [[1, 2], [3, 4]]. M1 = A·A = [[7, 10], [15, 22]]; M2 = M1·A = [[37, 54], [81, 118]];
    /// M3 = M2·A = [[199, 290], [435, 634]]; Total = the sum of M3 = 1558. Only M2 (an output) and Total are
    /// asked for, so M1 and M3 are intermediates.
    /// </summary>
    private const string Chain = """
        A = [[1.0, 2.0], [3.0, 4.0]]
        M1[i, k] = A[i, j] A[j, k]
        M2[i, k] = M1[i, j] A[j, k]
        M3[i, k] = M2[i, j] A[j, k]
        Total = M3[i, k]
        M2?
        Total?
        """;

    private static Session Open(string engine, bool release)
    {
        var compiled = Compilation.Compile([new SourceText(Chain, "chain.tl")], null);
        Assert.False(compiled.HasErrors, string.Join("\n", compiled.Diagnostics));
        // A named as an input: otherwise the whole chain reads literals only and is folded while setting up.
        var bound = compiled.Bound!;
        return new Session(bound, EngineMatrix.Get(engine).Engine,
            new EvaluationOptions { Chaining = Chaining.Forward, ReleaseIntermediates = release }, [bound.FindTensor("A")!]);
    }

    private static TensorSymbol Tensor(Session session, string name) => session.Program.Tensors.Single(t => t.Name == name);

    [Theory]
    [InlineData("reference")]
    [InlineData("cpu")]
    [InlineData("cpu-f64")]
    public void Intermediates_are_given_back_and_outputs_kept(string engine)
    {
        using var session = Open(engine, release: true);
        var answers = session.Run().Cast<AnswerResult>().Select(a => (TensorAnswer)a.Answer).ToList();

        Assert.Equal([37.0, 54.0, 81.0, 118.0], answers[0].Data.Select(v => Math.Round(v, 3)));
        Assert.Equal(1558.0, answers[1].Data.Single(), 3);
        Assert.False(session.Store.IsComputed(Tensor(session, "M1")));
        Assert.False(session.Store.IsComputed(Tensor(session, "M3")));
        Assert.True(session.Store.IsComputed(Tensor(session, "M2")));
        Assert.True(session.Store.IsComputed(Tensor(session, "Total")));
    }

    [Theory]
    [InlineData("reference")]
    [InlineData("cpu")]
    [InlineData("cpu-f64")]
    public void A_released_value_asked_for_again_is_computed_again(string engine)
    {
        using var session = Open(engine, release: true);
        _ = session.Run().ToList();

        var m3 = session.Evaluate(Tensor(session, "M3"));
        var m1 = session.Evaluate(Tensor(session, "M1"));

        Assert.Equal([199.0, 290.0, 435.0, 634.0], Cells(m3));
        Assert.Equal([7.0, 10.0, 15.0, 22.0], Cells(m1));
    }

    private static double[] Cells(TensorValue matrix) =>
        [.. new[] { (0, 0), (0, 1), (1, 0), (1, 1) }.Select(c => Math.Round(matrix.Get([c.Item1, c.Item2]), 3))];

    [Fact]
    public void Without_the_option_every_value_stays()
    {
        using var session = Open("cpu", release: false);
        _ = session.Run().ToList();

        Assert.All(new[] { "M1", "M2", "M3", "Total" }, name => Assert.True(session.Store.IsComputed(Tensor(session, name))));
    }
}
