using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Data;

/// <summary>Programs that read and write tables whose symbols hold blanks, from file to answer and back.</summary>
public class TableProgramTests
{
    private const string Family = "Roberta Sr.\tBob\n  Mary  Ann \t Roberta Sr.\nBob\tCarol\n";

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void A_program_queries_symbols_with_blanks_read_from_a_tsv_file(string engine)
    {
        var run = EngineMatrix.Get(engine);
        using var folder = new TempFolder();
        folder.Write("family.tsv", Family);
        // One column, so no tab at all: the file used to be split at its blanks.
        folder.Write("seniors.tsv", "Roberta Sr.\n");
        var program = folder.Write("family.tl", """
            Parent = "family.tsv"
            Senior(x) = "seniors.tsv"
            Ancestor(x, y) <- Parent(x, y)
            Ancestor(x, z) <- Ancestor(x, y), Parent(y, z)
            Ancestor(x, Carol)?
            Heir(x, y) <- Senior(x), Ancestor(x, y)
            Parent(x, Bob)?
            Heir?
            """);
        AnswerAssert.Equivalent("""
            {"query":"Ancestor(x, Carol)?","vars":["x"],"rows":[["Bob"],["Mary  Ann"],["Roberta Sr."]]}
            {"query":"Parent(x, Bob)?","vars":["x"],"rows":[["Roberta Sr."]]}
            {"query":"Heir?","vars":["$0","$1"],"rows":[["Roberta Sr.","Bob"],["Roberta Sr.","Carol"]]}
            """, ProgramRunner.RunFile(run, program).Text, run);
    }

    [Fact]
    public void A_relation_written_to_tsv_reads_back_as_the_same_tuples()
    {
        var run = EngineMatrix.Get("cpu");
        using var folder = new TempFolder();
        folder.Write("people.csv", "\"Roberta Sr.\",Bob\n\"Smith, Roberta\",\"Mary  Ann\"\n");
        var writer = ProgramRunner.RunFile(run, folder.Write("write.tl", """
            Parent(x, y) = "people.csv"
            "out.tsv" = Parent
            """));
        Assert.Equal("", writer.Diagnostics);
        Assert.Equal(1, writer.Writes);
        Assert.Equal("Roberta Sr.\tBob\nSmith, Roberta\tMary  Ann\n", File.ReadAllText(folder.File("out.tsv")));

        var reader = ProgramRunner.RunFile(run, folder.Write("read.tl", """
            Original(x, y) = "people.csv"
            Copy(x, y) = "out.tsv"
            Original?
            Copy?
            """));
        Assert.Equal(2, reader.Answers.Count);
        Assert.Equal(reader.Answers[0].Replace("Original?", "Copy?"), reader.Answers[1]);
        Assert.Contains("[\"Smith, Roberta\",\"Mary  Ann\"]", reader.Answers[1]);
    }

    [Fact]
    public void A_symbol_with_a_tab_is_not_written_to_tsv()
    {
        var run = EngineMatrix.Get("cpu");
        using var folder = new TempFolder();
        folder.Write("people.csv", "\"Roberta\tSr.\",Bob\n");
        var program = folder.Write("write.tl", """
            Parent(x, y) = "people.csv"
            "out.tsv" = Parent
            """);
        var result = ProgramRunner.RunFile(run, program);
        Assert.Equal(
            $"{program}:2:1: error TL5005: cannot write '{folder.File("out.tsv")}': field 'Roberta\\tSr.' holds a tab, which a .tsv file cannot hold\n" +
            " 2 | \"out.tsv\" = Parent\n" +
            "   | ^~~~~~~~~~~~~~~~~~\n" +
            "  = help: a .csv file can hold such fields: it quotes them\n",
            result.Diagnostics);
        Assert.Equal(["people.csv", "write.tl"], folder.FileNames());
    }

    // A file separated by spaces has one field per line; the binder, which knows the tensor's rank,
    // reports the missing columns.
    [Fact]
    public void A_space_separated_tsv_file_does_not_fill_a_binary_relation()
    {
        var run = EngineMatrix.Get("cpu");
        using var folder = new TempFolder();
        folder.Write("family.tsv", "Roberta Bob\nBob Carol\n");
        var program = folder.Write("family.tl", """
            Parent(x, y) = "family.tsv"
            Parent(x, Bob)?
            """);
        var error = Assert.Throws<InvalidOperationException>(() => ProgramRunner.RunFile(run, program));
        Assert.Contains("'family.tsv' has 1 columns, but the Boolean tensor 'Parent' of rank 2 needs 2 columns", error.Message);
        Assert.Contains("help: the fields of a .tsv file are separated by tabs only, and this file has no tab: its lines are read as one field each", error.Message);
    }
}
