using TensorLogic.Tlc.Commands;
using TensorLogic.Tlc.Repl;

namespace TensorLogic.Tlc.Tests;

/// <summary>What Tab offers for a word, given the line before it: commands, names, paths.</summary>
public class ReplCompletionTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly ReplCompletion _completion = new(ReplMetaCommands.Names, () => ["Weight", "Wide", "g.Path"]);

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("", ":ty", ":type")]
    [InlineData("", ":s", ":save :shape")]
    [InlineData("S = ", "We", "Weight")]
    [InlineData("", "S=W[i]+Wi", "S=W[i]+Wide")]
    [InlineData("", "g.P", "g.Path")]
    [InlineData("Y = ", "sq", "sqrt")]
    [InlineData(":type ", "Wi", "Wide")]
    public void Completes_commands_and_names(string before, string word, string expected) =>
        Assert.Equal(expected, string.Join(" ", _completion.Complete(before, word) ?? []));

    [Theory]
    [InlineData("Y = ", "Q")]
    [InlineData("Y = ", "W[")]
    [InlineData("Y = X ", "+")]
    public void Offers_nothing_where_nothing_fits(string before, string word) =>
        Assert.Null(_completion.Complete(before, word));

    [Fact]
    public void Completes_paths_after_load_and_inside_strings()
    {
        _folder.Write("family.tl", "");
        _folder.Write("facts.csv", "");
        Directory.CreateDirectory(Path.Combine(_folder.Path, "fam"));
        var folder = _folder.Path + "/";
        Assert.Equal($"{folder}fam/ {folder}family.tl", string.Join(" ", _completion.Complete(":load ", folder + "fam") ?? []));
        // Inside a string the quote stays; the closing one is the user's to type.
        Assert.Equal($"\"{folder}facts.csv", string.Join(" ", _completion.Complete("E = ", $"\"{folder}fac") ?? []));
    }
}
