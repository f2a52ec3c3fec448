using System.Text.RegularExpressions;

namespace TensorLogic.Tlc.Tests;

/// <summary>
/// What a hopeless input prints: at most <c>--max-errors</c> errors, then how many more there were, with
/// hidden and control characters shown as code points and long lines cut around the error.
/// </summary>
public sealed class DiagnosticLimitTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string WriteBinary(int length)
    {
        var bytes = new byte[length];
        new Random(13).NextBytes(bytes);
        var path = Path.Combine(_folder.Path, "binary.tl");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void A_binary_file_prints_the_first_100_errors_and_a_count_of_the_rest()
    {
        var result = TlcRun.Invoke("check", WriteBinary(100_000));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(100, Regex.Matches(result.Stderr, @": error TL\d{4}: ").Count);
        Assert.Matches(@"tlc: \d+ errors? (, \d+ warnings? )?not shown \(only the first 100 errors are; --max-errors", result.Stderr);
        Assert.True(result.Stderr.Length < 200_000, $"{result.Stderr.Length} characters of errors");
        // Nothing a terminal would interpret: no NUL, no escape sequence, no other control character.
        Assert.DoesNotContain(result.Stderr, c => char.IsControl(c) && c != '\n');
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData("0", -1)]
    public void Max_errors_sets_the_limit_and_0_removes_it(string limit, int expected)
    {
        var program = _folder.Write("five.tl", "A = $\nB = $\nC = $\nD = $\nE = $\n");
        var result = TlcRun.Invoke("check", "--max-errors", limit, program);

        Assert.Equal(1, result.ExitCode);
        var shown = Regex.Matches(result.Stderr, @": error TL\d{4}: ").Count;
        if (expected < 0)
            Assert.DoesNotContain("not shown", result.Stderr);
        else
        {
            Assert.Equal(expected, shown);
            Assert.Contains($"not shown (only the first {expected} errors are;", result.Stderr);
        }
        // The summary counts every error, shown or not.
        Assert.EndsWith($" errors\n", result.Stderr);
    }

    [Fact]
    public void Max_errors_must_not_be_negative()
    {
        var result = TlcRun.Invoke("check", "--max-errors", "-1", "x.tl");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--max-errors must be an integer of at least 0, not -1", result.Stderr);
    }

    [Theory]
    [InlineData('\u200B', "<U+200B>")]
    [InlineData('\0', "<U+0000>")]
    [InlineData('\u001B', "<U+001B>")]
    public void Hidden_characters_are_shown_by_code_point_with_the_caret_under_them(char hidden, string shown)
    {
        var program = _folder.Write("hidden.tl", $"X = [1, 2]\nY = X[i]{hidden} + 1\n");
        var result = TlcRun.Invoke("check", program);

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain(hidden, result.Stderr);
        Assert.Contains($"'{shown}'", result.Stderr);
        var lines = result.Stderr.Split('\n');
        var excerpt = Array.FindIndex(lines, l => l.StartsWith(" 2 | "));
        Assert.Equal($" 2 | Y = X[i]{shown} + 1", lines[excerpt]);
        Assert.Equal(lines[excerpt].IndexOf(shown), lines[excerpt + 1].IndexOf('^'));
        Assert.EndsWith("^" + new string('~', shown.Length - 1), lines[excerpt + 1]);
    }

    [Fact]
    public void A_very_long_line_is_cut_around_the_error()
    {
        var terms = string.Join(" + ", Enumerable.Repeat("1", 1_000));
        var program = _folder.Write("long.tl", $"X = {terms} $ + {terms}\n");
        var result = TlcRun.Invoke("check", program);

        Assert.Equal(1, result.ExitCode);
        var lines = result.Stderr.Split('\n');
        var excerpt = Array.FindIndex(lines, l => l.StartsWith(" 1 | "));
        Assert.StartsWith(" 1 | ...", lines[excerpt]);
        Assert.EndsWith("...", lines[excerpt]);
        Assert.True(lines[excerpt].Length < 200);
        Assert.Equal('$', lines[excerpt][lines[excerpt + 1].IndexOf('^')]);
    }
}
