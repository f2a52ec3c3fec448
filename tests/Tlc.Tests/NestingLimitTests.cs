namespace TensorLogic.Tlc.Tests;

/// <summary>
/// Deeply nested or very long expressions end in TL1018 with exit 1, never in a stack overflow. These run
/// in-process: the limits are hit before any deep recursion, or the test host itself would crash.
/// </summary>
public sealed class NestingLimitTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    private static string Chain(string op, int terms) => string.Join(op, Enumerable.Repeat("1", terms));

    public static TheoryData<string, string> TooDeep => new()
    {
        { "parentheses", $"X = {Repeat("(", 10_000)}1{Repeat(")", 10_000)}\nX?\n" },
        { "unclosed parentheses", $"X = {Repeat("(", 10_000)}1\n" },
        { "calls", $"X = {Repeat("exp(", 10_000)}1{Repeat(")", 10_000)}\nX?\n" },
        { "tensor literal", $"X = {Repeat("[", 10_000)}1{Repeat("]", 10_000)}\n" },
        { "prefix minus", $"X = {Repeat("- ", 10_000)}1\nX?\n" },
        { "power chain", $"X = {Chain("^", 10_000)}\nX?\n" },
        { "power chain through parentheses", $"X = {Chain(")^(", 10_000)}\nX?\n".Replace("X = ", "X = (") .Replace("\nX?", ")\nX?") },
        { "index parentheses", $"A = [1, 2]\nY[i] = A[{Repeat("(", 10_000)}i{Repeat(")", 10_000)}]\n" },
        { "sum of 20k terms", $"X = {Chain(" + ", 20_000)}\nX?\n" },
        { "sum of 100k terms", $"X = {Chain(" + ", 100_000)}\nX?\n" },
        { "difference of 20k terms", $"X = {Chain(" - ", 20_000)}\nX?\n" },
        { "join of 20k factors", $"A = [1, 2]\nY[i] = {string.Join(" ", Enumerable.Repeat("A[i]", 20_000))}\n" },
        { "index sum of 20k terms", $"A = [1, 2]\nY[i] = A[i{Repeat(" + 0", 20_000)}]\n" },
        { "relation argument of 20k terms", $"R({Chain(" + ", 20_000)})\n" },
    };

    [Theory]
    [MemberData(nameof(TooDeep))]
    public void Check_reports_TL1018(string name, string text)
    {
        var program = _folder.Write("deep.tl", text);
        var result = TlcRun.Invoke("check", program);

        Assert.True(result.ExitCode == 1, $"{name}: exit {result.ExitCode}\n{result.Stderr[..Math.Min(2000, result.Stderr.Length)]}");
        Assert.Contains("error TL1018: expression nested deeper than", result.Stderr);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("fmt")]
    [InlineData("parse", "--tree")]
    public void Other_verbs_report_TL1018_too(params string[] verb)
    {
        foreach (var text in new[] { $"X = {Repeat("(", 10_000)}1{Repeat(")", 10_000)}\nX?\n", $"X = {Chain(" + ", 20_000)}\nX?\n" })
        {
            var program = _folder.Write("deep.tl", text);
            var result = TlcRun.Invoke([.. verb, program]);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("error TL1018", result.Stderr);
        }
    }

    [Fact]
    public void The_error_points_where_the_parser_limit_is_passed()
    {
        var program = _folder.Write("deep.tl", $"X = {Repeat("(", 300)}1{Repeat(")", 300)}\n");
        var result = TlcRun.Invoke("check", program);

        // "X = " is 4 characters, and the 257th '(' passes the limit of 256.
        Assert.StartsWith($"{program}:1:{4 + 257}: error TL1018: expression nested deeper than 256 levels", result.Stderr);
        Assert.EndsWith("1 error\n", result.Stderr);
    }

    [Fact]
    public void Nesting_within_the_limits_runs()
    {
        var text = $"X = {Repeat("(", 250)}{Chain(" + ", 990)}{Repeat(")", 250)}\nX?\n";
        var result = TlcRun.Invoke("run", _folder.Write("deep.tl", text));

        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("990", result.Stdout);
    }

    [Theory]
    [InlineData("check", "--emit", "bound")]
    [InlineData("fmt")]
    [InlineData("parse", "--tree")]
    [InlineData("run", "--emit", "plan")]
    [InlineData("run", "--engine", "reference")]
    public void A_chain_just_within_the_limit_goes_through_every_stage(params string[] verb)
    {
        var text = $"A = [1, 2]\nY[i] = A[i] {Chain(" + ", 998)}\nZ[i] = {string.Join(" - ", Enumerable.Repeat("A[i]", 998))}\nY[i]?\nZ[i]?\n";
        var result = TlcRun.Invoke([.. verb, _folder.Write("long.tl", text)]);

        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
    }

    [Theory]
    [InlineData(31, "cpu")]
    [InlineData(40, "cpu")]
    [InlineData(998, "cpu")]
    [InlineData(998, "reference")]
    public void A_join_of_many_factors_runs(int factors, string engine)
    {
        // More factors than the contraction planner's int masks hold used to end in an internal error.
        var text = $"A = [1, 1]\nY[i] = {string.Join(" ", Enumerable.Repeat("A[i]", factors))}\nY[i]?\n";
        var result = TlcRun.Invoke("run", "--engine", engine, _folder.Write("join.tl", text));

        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("[1, 1]", result.Stdout);
    }

    [Fact]
    public void Gradients_of_a_chain_within_the_limit_are_computed()
    {
        var text = $"W : real[2]\nLoss = W[i] W[i] {Repeat(" + W[i]", 900)}\nlearn Loss with epochs=1\n";
        var result = TlcRun.Invoke("grad", _folder.Write("long.tl", text));

        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
    }
}
