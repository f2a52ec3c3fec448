using System.Globalization;
using System.Text.Json;

namespace TensorLogic.Tlc.Tests;

/// <summary>
/// Standard library modules learn with <c>tlc train</c>: the weights a module declares and the importer
/// gives no data are what is learned. Each program is trained, its tensors saved, then run with them.
/// </summary>
public sealed class StdlibTrainingTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>
    /// A tensor built from random factors of ranks 2, 3, 2 has an exact Tucker decomposition of those ranks,
    /// so training must drive the reconstruction error toward 0 (the paper's test vector for Tucker).
    /// </summary>
    [Fact]
    public void The_tucker_module_learns_an_exact_decomposition_of_a_low_rank_tensor()
    {
        var program = $"""
            import "std/tucker.tl" as t with A=Data, I=5, J=4, K=3, Rank1=2, Rank2=3, Rank3=2
            Data = {LowRankTensor()}
            learn t.Loss with optimizer=adam, lr=0.05, epochs=300, seed=1
            t.RelativeError?
            """;

        var answers = TrainThenRun(program);

        Assert.InRange(Number(answers["t.RelativeError?"]), 0, 1e-6);
    }

    /// <summary>XOR, which no single dense layer separates: the MLP of std/nn.tl must learn it.</summary>
    [Fact]
    public void The_nn_module_learns_xor()
    {
        var program = """
            import "std/nn.tl" as net with X=Inputs, In=2, Hidden=4, Out=2
            Inputs = [[0, 0], [0, 1], [1, 0], [1, 1]]
            Y = [[1, 0], [0, 1], [0, 1], [1, 0]]
            CrossEntropy[n] = -Y[n, o] log(net.Probs[n, o] + 1e-9)
            Loss avg= CrossEntropy[n]
            learn Loss with optimizer=adam, lr=0.05, epochs=300, seed=1
            net.Probs?
            """;

        var answers = TrainThenRun(program);

        var probabilities = answers["net.Probs?"].GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        double[] labels = [1, 0, 0, 1, 0, 1, 1, 0];
        Assert.All(labels.Zip(probabilities), pair => Assert.InRange(Math.Abs(pair.First - pair.Second), 0, 0.05));
    }

    private Dictionary<string, JsonElement> TrainThenRun(string text)
    {
        var program = _folder.Write("program.tl", text);
        var parameters = Path.Combine(_folder.Path, "params");
        var training = TlcRun.Invoke("train", program, "--save", parameters);
        Assert.True(training.ExitCode == 0 && training.Stderr == "", $"tlc train:\n{training.Stderr}");
        var run = TlcRun.Invoke("run", program, "--params", parameters, "--format", "json");
        Assert.True(run.ExitCode == 0 && run.Stderr == "", $"tlc run:\n{run.Stderr}");
        return run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(answer => answer.GetProperty("query").GetString()!);
    }

    /// <summary>A 5 x 4 x 3 tensor M[i, p] M'[j, q] M''[k, r] C[p, q, r] from random factors, as a literal.</summary>
    private static string LowRankTensor()
    {
        var random = new Random(3);
        double[,] Matrix(int rows, int columns)
        {
            var m = new double[rows, columns];
            for (var a = 0; a < rows; a++)
                for (var b = 0; b < columns; b++)
                    m[a, b] = random.NextDouble() * 2 - 1;
            return m;
        }
        var (m1, m2, m3) = (Matrix(5, 2), Matrix(4, 3), Matrix(3, 2));
        var core = Matrix(2 * 3, 2);
        double Cell(int i, int j, int k)
        {
            var sum = 0.0;
            for (var p = 0; p < 2; p++)
                for (var q = 0; q < 3; q++)
                    for (var r = 0; r < 2; r++)
                        sum += m1[i, p] * m2[j, q] * m3[k, r] * core[p * 3 + q, r];
            return sum;
        }
        return "[" + string.Join(", ", Enumerable.Range(0, 5).Select(i =>
            "[" + string.Join(", ", Enumerable.Range(0, 4).Select(j =>
                "[" + string.Join(", ", Enumerable.Range(0, 3).Select(k => Cell(i, j, k).ToString("R", CultureInfo.InvariantCulture))) + "]")) + "]")) + "]";
    }

    private static double Number(JsonElement answer) => answer.GetProperty("data").EnumerateArray().Single().GetDouble();
}
