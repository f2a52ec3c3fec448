using TensorLogic.Compiler;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Data;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Data;

/// <summary>
/// What the binder makes of a table: the symbols it interns and in which order, the sizes its integers
/// give, the fields it refuses and where it says so, and the tuples and values the tensor starts with.
/// </summary>
public class TableBindingTests
{
    [Fact]
    public void Symbols_are_numbered_by_first_appearance_across_program_and_data()
    {
        // 7 and 007 are integers by their spelling, but in a domain of symbols they are two names.
        var (diagnostics, bound) = Check(
            """
            P : bool[Person, Person]
            P(Zed, Alice)
            P = "p.tsv"
            P(Bob, Yan)
            P?
            """,
            ("p.tsv", "Bob\tCarol\nAlice\t7\n007\tBob\n7\tDan\n"));
        Assert.Equal("", diagnostics);
        Assert.Equal(["Zed", "Alice", "Bob", "Carol", "7", "007", "Dan", "Yan"], bound!.FindTensor("P")!.Domains[0].Symbols.Names);
    }

    [Fact]
    public void A_symbol_in_a_later_column_comes_after_the_earlier_columns_of_its_row()
    {
        var (diagnostics, bound) = Check(
            """
            P : bool[Person, Person, Person]
            P = "p.csv"
            P?
            """,
            ("p.csv", "c,b,a\nd,\"a\",e\n\"f\",g,c\n"));
        Assert.Equal("", diagnostics);
        Assert.Equal(["c", "b", "a", "d", "e", "f", "g"], bound!.FindTensor("P")!.Domains[0].Symbols.Names);
    }

    [Fact]
    public void Tuples_of_symbols_and_integers_reach_the_answers()
    {
        var run = EngineMatrix.Get("cpu");
        using var folder = new TempFolder();
        folder.Write("likes.tsv", "Alice\t3\nBob\t007\n# comment\n\nAlice\t0\n");
        var result = ProgramRunner.RunFile(run, folder.Write("p.tl", """
            Likes(x, n) = "likes.tsv"
            Likes?
            """));
        Assert.Equal("""{"query":"Likes?","vars":["$0","$1"],"rows":[["Alice",0],["Alice",3],["Bob",7]]}""", result.Text);
    }

    [Fact]
    public void Real_values_are_read_from_the_last_column_and_duplicates_add_up()
    {
        var run = EngineMatrix.Get("cpu-f64");
        using var folder = new TempFolder();
        folder.Write("w.tsv", "0\t1.5\n1\t-2\n2\t7e-1\n3\t-0.25\n1\t+4\n4\t5.\n");
        var result = ProgramRunner.RunFile(run, folder.Write("p.tl", """
            W : real[5]
            W = "w.tsv"
            W?
            """));
        Assert.Equal("""{"query":"W?","shape":[5],"data":[1.5,2,0.7,-0.25,5]}""", result.Text);
    }

    [Fact]
    public void A_symbol_indexed_real_tensor_reads_its_values()
    {
        var run = EngineMatrix.Get("cpu-f64");
        using var folder = new TempFolder();
        folder.Write("cost.csv", "a, b, 2.5\nb, a, 1\n\"a\", \"b\", 0.5\n");
        var result = ProgramRunner.RunFile(run, folder.Write("p.tl", """
            Cost : real[City, City]
            Cost = "cost.csv"
            Cost?
            """));
        Assert.Equal("""{"query":"Cost?","shape":[2,2],"data":[0,3,1,0]}""", result.Text);
    }

    [Fact]
    public void Negative_and_fractional_index_fields_are_reported_where_they_are()
    {
        var (diagnostics, _) = Check(
            """
            E(x, y) = "e.tsv"
            E?
            """,
            ("e.tsv", "0\t1\n-2\t3\n1.5\tNaN\n4\t-0\n"));
        Assert.Equal(
            "e.tsv:2:1: error TL5002: '-2' is not an index: index fields hold symbols or non-negative integers\n" +
            " 2 | -2 3\n" +
            "   | ^~\n" +
            "e.tsv:3:1: error TL5002: '1.5' is not an index: index fields hold symbols or non-negative integers\n" +
            " 3 | 1.5 NaN\n" +
            "   | ^~~\n" +
            "e.tsv:3:5: error TL5002: 'NaN' is not an index: index fields hold symbols or non-negative integers\n" +
            " 3 | 1.5 NaN\n" +
            "   |     ^~~\n",
            diagnostics);
    }

    [Fact]
    public void A_value_that_is_not_a_number_is_reported_at_the_last_field()
    {
        var (diagnostics, _) = Check(
            """
            W : real[Node]
            W = "w.tsv"
            """,
            ("w.tsv", "0\t1\n1\tmany\n2\t\"x\"\n"));
        Assert.Equal(
            "w.tsv:2:3: error TL5002: the last field of each line is the value of 'W', but 'many' is not a number\n" +
            " 2 | 1 many\n" +
            "   |   ^~~~\n" +
            "w.tsv:3:3: error TL5002: the last field of each line is the value of 'W', but '\"x\"' is not a number\n" +
            " 3 | 2 \"x\"\n" +
            "   |   ^~~\n",
            diagnostics);
    }

    [Fact]
    public void An_integer_beyond_a_declared_size_is_reported_at_its_first_appearance_in_row_order()
    {
        // 5 appears first in the second column of the first row, before the first column of the second row.
        var (diagnostics, _) = Check(
            """
            E : bool[Node, Node]
            F : bool[3]
            F(x) <- E(x, y)
            E = "e.tsv"
            """,
            ("e.tsv", "0\t1\n2\t5\n5\t0\n5\t5\n"));
        Assert.Equal(
            "e.tsv:2:3: error TL5008: index 5 is outside the domain Node, whose size is 3 from the declaration of 'F'\n" +
            " 2 | 2 5\n" +
            "   |   ^\n" +
            "p.tl:2:10: note: the size 3 comes from here\n" +
            " 2 | F : bool[3]\n" +
            "   |          ^\n",
            diagnostics);
    }

    [Fact]
    public void Too_many_symbols_for_a_declared_size_are_reported_at_the_last_symbol()
    {
        var (diagnostics, _) = Check(
            """
            P : bool[2, 2]
            P = "p.tsv"
            """,
            ("p.tsv", "A\tB\nC\tD\nE\tB\nA\tD\n"));
        Assert.Equal(
            "p.tsv:4:1: error TL5008: the domain P.0 has 3 symbols, more than its size 2 from the declaration of 'P'\n" +
            " 4 | A D\n" +
            "   | ^\n" +
            "p.tl:1:10: note: the size 2 comes from here\n" +
            " 1 | P : bool[2, 2]\n" +
            "   |          ^\n",
            diagnostics);
    }

    [Fact]
    public void Symbols_and_integers_from_data_in_one_domain_are_all_symbols()
    {
        var (diagnostics, bound) = Check(
            """
            P : bool[Node, Node]
            P = "p.tsv"
            P?
            """,
            ("p.tsv", "1\t2\n2\tx\n10\t1\n"));
        Assert.Equal("", diagnostics);
        Assert.Equal(["1", "2", "x", "10"], bound!.FindTensor("P")!.Domains[0].Symbols.Names);
    }

    // The file's integers are numbers until the rule, later in the program, joins their domain to F's symbols.
    [Fact]
    public void Integers_of_a_file_become_names_when_a_later_rule_joins_their_domain_to_symbols()
    {
        var (diagnostics, bound) = Check(
            """
            E(x, y) = "e.tsv"
            F(Alice, Bob)
            G(x) <- E(x, y), F(x, z)
            G?
            """,
            ("e.tsv", "3\t1\n1\t2\n007\t0\n3\t0\n"));
        Assert.Equal("", diagnostics);
        Assert.Equal(["3", "1", "007", "Alice"], bound!.FindTensor("G")!.Domains[0].Symbols.Names);
        Assert.Equal(DomainKind.Integer, bound.FindTensor("E")!.Domains[1].Kind);
        Assert.Equal(3, bound.FindTensor("E")!.Domains[1].Size);
    }

    [Fact]
    public void Integers_size_their_domain_by_the_largest()
    {
        var (diagnostics, bound) = Check(
            """
            E : bool[Node, Node]
            E = "e.tsv"
            E?
            """,
            ("e.tsv", "3\t0012\n+4\t1\n"));
        Assert.Equal("", diagnostics);
        Assert.Equal(13, bound!.FindTensor("E")!.Domains[0].Size);
        Assert.Equal(DomainKind.Integer, bound.FindTensor("E")!.Domains[0].Kind);
    }

    internal static (string Diagnostics, BoundProgram? Bound) Check(string program, params (string Name, string Text)[] files)
    {
        using var folder = new TempFolder();
        foreach (var (name, text) in files)
            folder.Write(name, text);
        var path = folder.Write("p.tl", program + "\n");
        var compiled = Compilation.Compile([new SourceText(File.ReadAllText(path), "p.tl")], new Redirect(folder.Path));
        return (DiagnosticFormatter.Format(compiled.Diagnostics), compiled.Bound);
    }

    /// <summary>Reads data files from the test's folder while their paths, as reported, stay short.</summary>
    private sealed class Redirect(string folder) : Compiler.Data.IDataReader
    {
        public Compiler.Data.DataContent? Read(string path, SourceLocation at, DiagnosticBag diagnostics)
        {
            var text = File.ReadAllText(Path.Combine(folder, path));
            return TableParser.Parse(new SourceText(text, path), DataFileFormats.FromPath(path)!.Value, diagnostics);
        }
    }
}
