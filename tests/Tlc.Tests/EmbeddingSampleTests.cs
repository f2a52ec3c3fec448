using TensorLogic.Samples.Embedding;

namespace TensorLogic.Tlc.Tests;

/// <summary>The embedding sample (samples/Embedding, docs/api.md) gives the answers the page promises.</summary>
public sealed class EmbeddingSampleTests
{
    [Fact]
    public void A_datalog_query_answers_rows_of_symbols()
    {
        Assert.Equal(["Bob", "Charlie", "Dana"], Examples.Ancestors("Alice"));
        Assert.Equal(["Dana"], Examples.Ancestors("Charlie"));
    }

    [Theory]
    [InlineData(new[] { 0.2, 1.9, -0.7, 3 }, new double[] { 0, 1, 1, 0 }, 1)]
    [InlineData(new[] { 0.2, 1.9, -0.7, 3 }, new double[] { 0, 0, 1, 0 }, 0)]
    public void Tensors_fed_from_arrays_give_the_computed_answer(double[] weights, double[] input, double expected) =>
        Assert.Equal(expected, Examples.Perceptron(weights, input));

    [Fact]
    public void Other_inputs_give_the_other_answer()
    {
        Assert.Equal(1, Examples.Perceptron([1, 0, 0, 0], [1, 0, 0, 0]));
        Assert.Equal(0, Examples.Perceptron([-1, 0, 0, 0], [1, 0, 0, 0]));
    }

    [Fact]
    public void A_program_that_does_not_check_reports_tlc_s_diagnostic()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Examples.Check("Y = Missing[i]"));

        Assert.Contains("TL2001", error.Message);
    }

    [Fact]
    public void Training_learns_xor_and_the_learned_values_answer_the_query()
    {
        var (parameters, loss) = Examples.Train(Examples.Xor);
        var outputs = Examples.Predict(Examples.Xor, parameters);

        Assert.Equal(["B1", "B2", "W1", "W2"], parameters.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(8, parameters["W1"].Length);
        Assert.True(loss < 0.001, $"loss {loss}");
        Assert.Equal([0.0, 1, 1, 0], outputs.Select(o => Math.Round(o)));
    }
}
