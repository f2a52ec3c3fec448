using TensorLogic.Compiler;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Scheduling;

/// <summary>
/// Data from a float32 .npy file stays float32 in the store: a float32 engine computes from it directly, the
/// others from its exact widening; every engine gives the same answer.
/// </summary>
public sealed class Float32DataTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tl-f4-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A = [[0.5, -1.25], [0.1f, 3]], B = [1, 2]: A·B = [0.5 - 2.5, 0.1f + 6] = [-2, 6.1000000015].</summary>
    [Theory]
    [InlineData("reference")]
    [InlineData("cpu")]
    [InlineData("cpu-f64")]
    public void A_float32_file_is_read_as_float32_and_computed_with(string engine)
    {
        using (var file = File.Create(Path.Combine(_folder, "a.npy")))
            NpyFormat.Write(file, [2, 2], [0.5, -1.25, 0.1f, 3.0], Compiler.Data.DenseElementKind.Real, float32: true);
        var path = Path.Combine(_folder, "program.tl");
        var text = """
            A = "a.npy"
            B = [1.0, 2.0]
            Y[i] = A[i, j] B[j]
            Y?
            """;
        File.WriteAllText(path, text);
        var compiled = Compilation.Compile([new SourceText(text, path)], new DataFileReader());
        Assert.False(compiled.HasErrors, string.Join("\n", compiled.Diagnostics));
        using var session = new Session(compiled.Bound!, EngineMatrix.Get(engine).Engine, new EvaluationOptions { Chaining = Chaining.Forward });

        var a = session.Store.Initial(session.Program.FindTensor("A")!);
        var y = session.Evaluate(session.Program.FindTensor("Y")!);

        Assert.IsType<DenseTensor<float>>(a);
        Assert.Equal(-2.0, y.Get([0]), 6);
        Assert.Equal(0.1f + 6.0, y.Get([1]), 5);
    }
}
