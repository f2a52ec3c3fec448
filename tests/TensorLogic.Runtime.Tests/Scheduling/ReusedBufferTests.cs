using TensorLogic.Compiler;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Scheduling;

/// <summary>
/// A result buffer taken from the <see cref="ArrayCache{TElement}"/> may hold an earlier value: a kernel that
/// does not clear it must write every cell. Here the cache is primed with NaN-filled arrays of the result's
/// length, so any cell left unwritten shows.
/// </summary>
public class ReusedBufferTests
{
    /// <summary>Y = A·B for A = 1 everywhere (128×128) and B[j, k] = j: Y[i, k] = Σj j = 128·127/2 = 8128.</summary>
    [Theory]
    [InlineData("cpu")]
    [InlineData("cpu-f64")]
    public void A_product_into_a_reused_buffer_writes_every_cell(string engine)
    {
        const int n = 128;
        Prime<float>(n * n);
        Prime<double>(n * n);
        var text = $"""
            A : real[{n}, {n}]
            B : real[{n}, {n}]
            A[i, j] = 1.0
            B[j, k] = j
            Y[i, k] = A[i, j] B[j, k]
            """;
        var compiled = Compilation.Compile([new SourceText(text, "reuse.tl")], null);
        Assert.False(compiled.HasErrors, string.Join("\n", compiled.Diagnostics));
        using var session = new Session(compiled.Bound!, EngineMatrix.Get(engine).Engine, new EvaluationOptions());

        var y = session.Evaluate(compiled.Bound!.FindTensor("Y")!);

        for (var i = 0; i < n; i += 7)
            for (var k = 0; k < n; k += 5)
                Assert.Equal(8128.0, y.Get([i, k]));
    }

    private static void Prime<T>(int length)
        where T : unmanaged
    {
        for (var copies = 0; copies < 8; copies++)
        {
            var array = new T[length];
            if (array is float[] singles)
                Array.Fill(singles, float.NaN);
            if (array is double[] doubles)
                Array.Fill(doubles, double.NaN);
            ArrayCache<T>.Return(array);
        }
    }
}
