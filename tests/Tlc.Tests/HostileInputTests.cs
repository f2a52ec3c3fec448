using System.Text;
using TensorLogic.Tlc.Tests.Fuzzing;

namespace TensorLogic.Tlc.Tests;

/// <summary>
/// Every bad or extreme input named in issue 13 (where 151 of them gave 14 crashes and 6 hangs), in one table:
/// each must end as the fuzzer's criteria say (<see cref="FuzzCriteria"/>: exit 0, 1 or 2, no stack trace,
/// errors at file:line:col, an answer within the time limit), with the exit code that fits it. The tests of
/// each limit check the diagnostics' text; this one keeps the whole list honest in one place.
/// </summary>
[Collection(nameof(HostileInputTests))]
public sealed class HostileInputTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // Limits for the cases that ask for more than any machine has: the run must stop with a diagnostic.
    private static readonly string[] Limits = ["--timeout", "5", "--max-memory", "1G"];

    // For the cases that must answer: seconds on an idle machine, more under a loaded CI.
    private static readonly string[] Longer = ["--timeout", "25", "--max-memory", "1G"];

    public static TheoryData<string> Cases() => [.. Inputs.Keys];

    /// <summary>Name → (files to write, the program's name among them, tlc's arguments after the path, the exit code).</summary>
    private static readonly Dictionary<string, (Dictionary<string, string> Files, string[] Arguments, int Exit)> Inputs = new()
    {
        ["fact index 2,000,000,000 into a real tensor"] = (Program("X[2000000000] = 1.5\nX?\n"), ["run", .. Limits], 1),
        ["tsv row index 2,000,000,000 into a real tensor"] = (Program("X = \"big.tsv\"\nX?\n", ("big.tsv", "2000000000\t1.5\n")), ["run", .. Limits], 1),
        ["real[40000, 40000]"] = (Program("X : real[40000, 40000]\nX[i, j] = 1\nS = X[i, j]\nS?\n"), ["run", .. Limits], 1),
        ["data file /dev/zero"] = (Program("X = \"/dev/zero\"\nX?\n"), ["run", .. Limits], 1),
        ["element count that wraps around"] = (Program("X : real[65536, 65536, 65536, 65536]\nX[a, b, c, d] = 1\nX?\n"), ["run", .. Limits], 1),
        ["one term of 32 factors"] = (Program($"A = [[1, 2], [3, 4]]\nY = {string.Join(" ", Enumerable.Range(0, 32).Select(i => $"A[i{i}, i{i + 1}]"))}\nY?\n"), ["run", .. Limits], 0),
        ["32 distinct 2x2 factors in a chain"] = (Program(string.Concat(Enumerable.Range(0, 32).Select(i => $"A{i} = [[1, 0.5], [0.5, 1]]\n")) + $"Y = {string.Join(" ", Enumerable.Range(0, 32).Select(i => $"A{i}[i{i}, i{i + 1}]"))}\nY?\n"), ["run", .. Limits], 0),
        // 71 indices, more than the planner takes: 2^71 bindings one by one, which the time limit stops.
        ["one term of 70 factors"] = (Program($"A = [[1, 0.5], [0.5, 1]]\nY = {string.Join(" ", Enumerable.Range(0, 70).Select(i => $"A[i{i}, i{i + 1}]"))}\nY?\n"), ["run", .. Limits], 1),
        ["sum over a rank-70 literal"] = (Program($"L = {new string('[', 70)}2{new string(']', 70)}\nS = L[{string.Join(", ", Enumerable.Range(0, 70).Select(i => $"i{i}"))}]\nS?\n"), ["run", .. Limits], 0),
        ["10,000 nested parentheses, check"] = (Program($"Y = {new string('(', 10000)}1{new string(')', 10000)}\nY?\n"), ["check"], 1),
        // Found by the long fuzz (seed 97434): each line ending in '=' joins the next, and explaining an error by
        // a join parsed the rest again, explaining its own errors the same way: 2x the time per line.
        ["40 lines that end in '='"] = (Program("Edge = \"data/edges.tsv\"\n" + string.Concat(Enumerable.Repeat("Edge Edge=\n\n", 40))), ["check"], 1),
        ["10,000 nested parentheses, parse --tree"] = (Program($"Y = {new string('(', 10000)}1{new string(')', 10000)}\nY?\n"), ["parse", "--tree"], 1),
        ["10,000 nested calls"] = (Program($"Y = {string.Concat(Enumerable.Repeat("relu(", 10000))}1{new string(')', 10000)}\nY?\n"), ["check"], 1),
        // A chain of 20,000 operators is deeper than the nesting limit: TL1018, in linear time.
        ["20,000-term constant"] = (Program($"C = {string.Join(" + ", Enumerable.Repeat("1", 20000))}\nC?\n"), ["run", .. Limits], 1),
        ["100,000-term sum"] = (Program($"A = [1, 2]\nY[i] = {string.Join(" + ", Enumerable.Repeat("A[i]", 100000))}\nY?\n"), ["check"], 1),
        ["20,000-factor product"] = (Program($"A = [1, 1]\nY[i] = {string.Join(" ", Enumerable.Repeat("A[i]", 20000))}\nY?\n"), ["check"], 1),
        ["backward chaining down a 20,000-long chain"] = (Program(Chain(20000) + "Reach(x, y) <- E(x, y)\nReach(x, z) <- E(x, y), Reach(y, z)\nReach(0, 19999)?\n"), ["run", "--chain", "backward", .. Limits], 0),
        ["closure of a 2,000-node chain, constant query, --chain auto"] = (Program(Chain(2000) + "Reach(x, y) <- E(x, y)\nReach(x, z) <- Reach(x, y), E(y, z)\nReach(0, x)?\n"), ["run", .. Longer], 0),
        ["1e10-tuple dense rule"] = (Program("D : bool[100000]\nD = \"d.tsv\"\nR(x, y) <- D(x), D(y)\nR?\n", ("d.tsv", string.Concat(Enumerable.Range(0, 100000).Select(i => $"{i}\n")))), ["run", .. Limits], 1),
        ["index-shift recurrence longer than --max-iterations"] = (Program("W = [[0, 1], [1, 0]]\nX : real[2, 20000]\nX[0, 0] = 1\nX[i, t+1] = W[i, j] X[j, t]\nY[i] = X[i, 19999]\nY?\n"), ["run", .. Longer], 0),
        ["float32 overflow near 1e308"] = (Program("A = [1e308, 1e308]\nS = A[i]\nS?\n"), ["run", .. Limits], 0),
        ["X[i] = X[i] + 1 in float32"] = (Program("X : real[1]\nX[i] = X[i] + 1\nX?\n"), ["run", "--max-iterations", "100", .. Limits], 1),
        ["100 KB binary file"] = (Program(Binary(100_000)), ["check"], 1),
        ["int constant 1e30"] = (Program("C : int\nC = 1e30\nC?\n"), ["run", .. Limits], 1),
        ["tsv index 99999999999"] = (Program("X = \"x.tsv\"\nX?\n", ("x.tsv", "99999999999\t1\n")), ["run", .. Limits], 1),
        ["--max-iterations -1"] = (Program("X = 1\nX?\n"), ["run", "--max-iterations", "-1"], 2),
        ["--tolerance NaN"] = (Program("X = 1\nX?\n"), ["run", "--tolerance", "NaN"], 2),
        ["--tolerance -1"] = (Program("X = 1\nX?\n"), ["run", "--tolerance", "-1"], 2),
        ["Y = at the end of a line"] = (Program("Y =\nY?\n"), ["check"], 1),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Ends_in_an_answer_or_a_diagnostic(string name)
    {
        var (files, arguments, exit) = Inputs[name];
        foreach (var (file, text) in files)
            _folder.Write(file, text);
        var program = Path.Combine(_folder.Path, "program.tl");

        TlcResult result;
        try
        {
            result = await Task.Run(() => TlcRun.Invoke([arguments[0], program, .. arguments[1..]])).WaitAsync(FuzzCriteria.TimeLimit);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"{name}: no answer within {FuzzCriteria.TimeLimit.TotalSeconds} s");
        }

        Assert.Null(FuzzCriteria.Violation(result));
        Assert.True(exit == result.ExitCode, $"{name}: exit {result.ExitCode}, expected {exit}\n{result.Stderr[..Math.Min(2000, result.Stderr.Length)]}");
    }

    private static Dictionary<string, string> Program(string text, params (string Name, string Text)[] data)
    {
        var files = data.ToDictionary(d => d.Name, d => d.Text);
        files["program.tl"] = text;
        return files;
    }

    private static string Chain(int nodes) =>
        $"E : bool[{nodes}, {nodes}]\n" + string.Concat(Enumerable.Range(0, nodes - 1).Select(i => $"E({i}, {i + 1})\n"));

    // Random bytes read as Latin-1 (every value a character), written as UTF-8: control characters, NULs and
    // characters outside ASCII among them.
    private static string Binary(int length)
    {
        var random = new Random(13);
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return Encoding.Latin1.GetString(bytes);
    }
}

/// <summary>
/// The table runs alone: a run's memory budget counts the whole process's heap, and in a test host that is
/// also what the tests running beside it hold (a 1 GiB budget was once "exceeded" at 206,227 tuples).
/// </summary>
[CollectionDefinition(nameof(HostileInputTests), DisableParallelization = true)]
public sealed class HostileInputCollection;
