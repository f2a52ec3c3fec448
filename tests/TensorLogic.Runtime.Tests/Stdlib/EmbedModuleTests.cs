using System.Globalization;
using System.Text;
using System.Text.Json;
using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Stdlib;

/// <summary>
/// stdlib/std/embed.tl against the error law of §5.14: with random unit vectors in D dimensions, the
/// membership scores of a set of N objects err by about √(N/D), since each of the N members' vectors adds
/// to every other object's score a dot product of variance 1/D. Measured over many objects, the error
/// must follow the law, and quadrupling D must halve it.
/// </summary>
public sealed class EmbedModuleTests
{
    private const int Objects = 120;
    private const int Members = 12;

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void The_error_of_set_membership_scores_follows_the_square_root_law(string engine)
    {
        var run = EngineMatrix.Get(engine);

        var small = RmsError(run, dimensions: 16);
        var large = RmsError(run, dimensions: 64);

        // About 240 squared errors per estimate, so each is within about 10% of the law; 25% allows for it.
        Assert.InRange(small / Math.Sqrt(Members / 16.0), 0.75, 1.25);
        Assert.InRange(large / Math.Sqrt(Members / 64.0), 0.75, 1.25);
        Assert.InRange(small / large, 1.6, 2.5);
    }

    /// <summary>The root mean square of SetScore[x] less x's membership (1 or 0), over every object.</summary>
    private static double RmsError(EngineCase run, int dimensions)
    {
        var random = new Random(dimensions);
        var program = new StringBuilder("import \"std/embed.tl\" as e with Emb=V, R=Pair, S=Pair, Set=M\nPair(0, 1)\n");
        program.Append("V = [").AppendJoin(", ", Enumerable.Range(0, Objects).Select(_ => Literal(UnitVector(random, dimensions)))).AppendLine("]");
        program.AppendJoin(". ", Enumerable.Range(0, Members).Select(m => $"M({m * Objects / Members})")).AppendLine();
        program.AppendLine("e.SetScore?");

        using var answer = JsonDocument.Parse(ProgramRunner.Json(run, program.ToString()));
        var scores = answer.RootElement.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var squares = scores.Select((score, x) => Math.Pow(score - (x % (Objects / Members) == 0 ? 1 : 0), 2));
        return Math.Sqrt(squares.Average());
    }

    /// <summary>A direction drawn uniformly: Gaussian components (Box-Muller), normalized.</summary>
    private static double[] UnitVector(Random random, int dimensions)
    {
        var vector = Enumerable.Range(0, dimensions)
            .Select(_ => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))
            .ToArray();
        var norm = Math.Sqrt(vector.Sum(v => v * v));
        return [.. vector.Select(v => v / norm)];
    }

    private static string Literal(double[] row) =>
        "[" + string.Join(", ", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
}
