using TensorLogic.Testing;
using Xunit.Sdk;

namespace TensorLogic.Syntax.Tests;

/// <summary>The golden-file helper itself, run in a scratch folder.</summary>
public sealed class GoldenTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tl-golden-").FullName;

    private string TestFile => Path.Combine(_folder, "SomeTests.cs");

    private string Verified(string name) => Path.Combine(_folder, "golden", name + ".verified.txt");

    private string Received(string name) => Path.Combine(_folder, "golden", name + ".received.txt");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_missing_verified_file_fails_and_writes_the_received_one()
    {
        var failure = Assert.Throws<XunitException>(() => Golden.Verify("new\n", "case", TestFile, accept: false));

        Assert.Contains("does not exist", failure.Message);
        Assert.Equal("new\n", File.ReadAllText(Received("case")));
        Assert.False(File.Exists(Verified("case")));
    }

    [Fact]
    public void A_match_passes_whatever_the_line_endings_and_removes_a_stale_received_file()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Verified("case"))!);
        File.WriteAllText(Verified("case"), "a\r\nb\r\n");
        File.WriteAllText(Received("case"), "old");

        Golden.Verify("a\nb\n", "case", TestFile, accept: false);

        Assert.False(File.Exists(Received("case")));
    }

    [Fact]
    public void A_mismatch_fails_with_a_diff_and_writes_the_received_file()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Verified("case"))!);
        File.WriteAllText(Verified("case"), "one\ntwo\nthree\n");

        var failure = Assert.Throws<XunitException>(() => Golden.Verify("one\n2\nthree\n", "case", TestFile, accept: false));

        Assert.EndsWith("@@ -1 +1 @@\n  one\n- two\n+ 2\n  three\n  \n", failure.Message);
        Assert.Equal("one\n2\nthree\n", File.ReadAllText(Received("case")));
        Assert.Equal("one\ntwo\nthree\n", File.ReadAllText(Verified("case")));
    }

    [Fact]
    public void Accepting_overwrites_the_verified_file()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Verified("case"))!);
        File.WriteAllText(Verified("case"), "old\n");
        File.WriteAllText(Received("case"), "new\n");

        Golden.Verify("new\r\n", "case", TestFile, accept: true);

        Assert.Equal("new\n", File.ReadAllText(Verified("case")));
        Assert.False(File.Exists(Received("case")));
    }

    [Fact]
    public void The_diff_shows_context_around_each_change_and_skips_the_rest()
    {
        var expected = string.Join("\n", Enumerable.Range(1, 20).Select(n => $"line {n}"));
        var actual = expected.Replace("line 3\n", "").Replace("line 17", "line seventeen");

        Assert.Equal(
            """
            @@ -1 +1 @@
              line 1
              line 2
            - line 3
              line 4
              line 5
              line 6
            @@ -14 +13 @@
              line 14
              line 15
              line 16
            - line 17
            + line seventeen
              line 18
              line 19
              line 20

            """.ReplaceLineEndings("\n"),
            Golden.Diff(expected, actual));
    }

    [Fact]
    public void A_long_diff_is_cut_off()
    {
        var expected = string.Join("\n", Enumerable.Range(1, 200).Select(n => $"a{n}"));
        var actual = string.Join("\n", Enumerable.Range(1, 200).Select(n => $"b{n}"));

        var diff = Golden.Diff(expected, actual);

        Assert.EndsWith("... (diff cut off)\n", diff);
        Assert.True(diff.Split('\n').Length < 70);
    }
}
