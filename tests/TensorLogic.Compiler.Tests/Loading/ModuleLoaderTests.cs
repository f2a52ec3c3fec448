using TensorLogic.Compiler.Loading;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Formatting;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler.Tests.Loading;

/// <summary>
/// How the loader expands imports (docs/language.md §11): each statement it hands the binder, with the names
/// an instance gives it, written out in full; and each diagnostic of a module system, with both places.
/// </summary>
public sealed class ModuleLoaderTests : IDisposable
{
    // X is an input; N has a default and K none; E is not defined, Bob is a symbol and Even a built-in.
    private const string Module = """
        input X
        param N=2, K
        Y[i] = K X[i] + Z[i]
        Z[i] = N
        R(x) <- E(x, Bob), Even(x)
        """;

    private readonly ModuleFolder _folder = new();

    public ModuleLoaderTests() => _folder.Write("m.tl", Module);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_named_instance_prefixes_the_module_s_names_and_replaces_its_inputs()
    {
        var statements = _folder.Statements("import \"m.tl\" as a with X=V, K=3\nV = [1, 2]");

        Assert.Equal("""
            main.tl: a.K = 3
            m.tl: a.N = 2
            m.tl: a.Y[i] = a.K V[i] + a.Z[i]
            m.tl: a.Z[i] = a.N
            m.tl: a.R(x) <- a.E(x, Bob), Even(x)
            main.tl: V = [1, 2]
            """, statements);
    }

    [Fact]
    public void Two_instances_of_one_module_keep_apart_and_one_may_read_the_other()
    {
        var statements = _folder.Statements("import \"m.tl\" as a with X=V, K=3\nimport \"m.tl\" as b with X=a.Y, K=4, N=5\nW[i] = a.Y[i] + b.Y[i]");

        Assert.Equal("""
            main.tl: a.K = 3
            m.tl: a.N = 2
            m.tl: a.Y[i] = a.K V[i] + a.Z[i]
            m.tl: a.Z[i] = a.N
            m.tl: a.R(x) <- a.E(x, Bob), Even(x)
            main.tl: b.K = 4
            main.tl: b.N = 5
            m.tl: b.Y[i] = b.K a.Y[i] + b.Z[i]
            m.tl: b.Z[i] = b.N
            m.tl: b.R(x) <- b.E(x, Bob), Even(x)
            main.tl: W[i] = a.Y[i] + b.Y[i]
            """, statements);
    }

    [Fact]
    public void A_module_imports_modules_of_its_own_and_passes_its_parameters_on()
    {
        _folder.Write("inner.tl", "input A\nparam K=1\nOut[i] = K A[i]");
        _folder.Write("outer.tl", """
            input X
            param M=5
            import "inner.tl" as first with A=X, K=M
            import "inner.tl" as second with A=first.Out, K=2
            Result[i] = second.Out[i]
            """);

        var statements = _folder.Statements("import \"outer.tl\" as o with X=V, M=3\nV = [1, 2]");

        Assert.Equal("""
            main.tl: o.M = 3
            outer.tl: o.first.K = 3
            inner.tl: o.first.Out[i] = o.first.K V[i]
            outer.tl: o.second.K = 2
            inner.tl: o.second.Out[i] = o.second.K o.first.Out[i]
            outer.tl: o.Result[i] = o.second.Out[i]
            main.tl: V = [1, 2]
            """, statements);
    }

    [Fact]
    public void A_plain_import_inserts_a_file_once_and_its_definitions_add_to_the_importer_s()
    {
        _folder.Write("lib.tl", "Path(x, y) <- Edge(x, y)\nimport \"lib2.tl\"");
        _folder.Write("lib2.tl", "Edge(A, B)");

        var statements = _folder.Statements("import \"lib.tl\"\nimport \"lib.tl\"\nimport \"lib2.tl\"\nPath(x, y) <- Link(x, y)\nLink(B, C)");

        Assert.Equal("""
            lib.tl: Path(x, y) <- Edge(x, y)
            lib2.tl: Edge(A, B)
            main.tl: Path(x, y) <- Link(x, y)
            main.tl: Link(B, C)
            """, statements);
    }

    [Fact]
    public void A_plain_import_of_a_module_reads_the_importer_s_tensors_and_takes_the_defaults()
    {
        _folder.Write("g.tl", "input Edge\nparam Limit=3\nPath(x, y) <- Edge(x, y)");

        Assert.Equal("""
            g.tl: Limit = 3
            g.tl: Path(x, y) <- Edge(x, y)
            main.tl: Edge(A, B)
            """, _folder.Statements("import \"g.tl\"\nEdge(A, B)"));
    }

    [Fact]
    public void A_file_imported_plainly_by_an_instance_is_part_of_that_instance()
    {
        _folder.Write("helper.tl", "Twice[i] = 2 X[i]");
        _folder.Write("mod.tl", "input X\nimport \"helper.tl\"\nY[i] = Twice[i]");

        Assert.Equal("""
            helper.tl: m.Twice[i] = 2 V[i]
            mod.tl: m.Y[i] = m.Twice[i]
            helper.tl: n.Twice[i] = 2 W[i]
            mod.tl: n.Y[i] = n.Twice[i]
            """, _folder.Statements("import \"mod.tl\" as m with X=V\nimport \"mod.tl\" as n with X=W"));
    }

    [Fact]
    public void A_missing_input_or_parameter_names_the_module_s_header()
    {
        Assert.Equal("""
            main.tl:1:1 TL2047: module 'm.tl' needs a value for its parameter 'K' [m.tl:2:12: declared here, without a default]
            main.tl:1:1 TL2047: module 'm.tl' needs its input 'X' [m.tl:1:7: declared as an input here]
            main.tl:2:1 TL2047: module 'm.tl' needs a value for its parameter 'K' [m.tl:2:12: declared here, without a default]
            """, _folder.Errors("import \"m.tl\" as a\nimport \"m.tl\""));
    }

    [Fact]
    public void An_argument_of_the_wrong_kind()
    {
        Assert.Equal("""
            main.tl:1:25 TL2048: input 'X' of module 'm.tl' is a tensor, not the number 3 [m.tl:1:7: declared as an input here]
            main.tl:1:30 TL2048: parameter 'K' of module 'm.tl' is a number, not 'V' [m.tl:2:12: declared as a parameter here]
            main.tl:2:25 TL2048: input 'X' of module 'm.tl' is a tensor, not the string "x.tsv" [m.tl:1:7: declared as an input here]
            """, _folder.Errors("import \"m.tl\" as a with X=3, K=V\nimport \"m.tl\" as b with X=\"x.tsv\", K=1"));
    }

    [Fact]
    public void An_argument_the_module_does_not_take()
    {
        Assert.Equal(
            "main.tl:1:35 TL2049: module 'm.tl' has no input or parameter 'Kk'",
            _folder.Errors("import \"m.tl\" as a with X=V, K=1, Kk=2"));
    }

    [Fact]
    public void Two_imports_of_one_name()
    {
        Assert.Equal(
            "main.tl:2:18 TL2050: 'a' already names an import here, so its tensors would be mixed with this one's [main.tl:1:1: first imported here]",
            _folder.Errors("import \"m.tl\" as a with X=V, K=1\nimport \"m.tl\" as a with X=W, K=2"));
    }

    [Fact]
    public void A_tensor_of_an_instance_defined_by_the_importer()
    {
        Assert.Equal(
            "main.tl:2:1 TL2051: tensor 'a.Y' is defined here and also by module 'm.tl' [m.tl:3:1: the module defines it here]",
            _folder.Errors("import \"m.tl\" as a with X=V, K=1\na.Y[i] = V[i]"));
    }

    [Fact]
    public void A_tensor_of_a_plainly_imported_module_defined_by_the_importer()
    {
        _folder.Write("g.tl", "input Edge\nPath(x, y) <- Edge(x, y)");

        Assert.Equal(
            "main.tl:2:1 TL2051: tensor 'Path' is defined here and also by module 'g.tl' [g.tl:2:1: the module defines it here]",
            _folder.Errors("import \"g.tl\"\nPath(x, y) <- Link(y, x)"));
    }

    [Fact]
    public void A_module_that_defines_its_own_input()
    {
        _folder.Write("d.tl", "input X\nX[i] = 1\nY[i] = X[i]");

        Assert.Equal(
            "d.tl:2:1 TL2051: module 'd.tl' defines its input 'X', which belongs to the importer [d.tl:1:7: declared as an input here]",
            _folder.Errors("import \"d.tl\" as d with X=V\nV = [1, 2]"));
    }

    [Fact]
    public void A_qualified_name_without_its_import()
    {
        _folder.Write("q.tl", "input X\nY = b.Out");

        Assert.Equal("""
            q.tl:2:5 TL2052: 'b' in 'b.Out' is not the name of an import in this file
            main.tl:2:5 TL2052: 'zz' in 'zz.Out' is not the name of an import in this file
            """, _folder.Errors("import \"q.tl\" as q with X=V\nY = zz.Out"));
    }

    [Fact]
    public void A_use_may_come_before_its_import()
    {
        Assert.Contains("main.tl: W[i] = a.Y[i]", _folder.Statements("W[i] = a.Y[i]\nimport \"m.tl\" as a with X=V, K=3"));
    }

    [Fact]
    public void A_module_that_imports_itself_by_name_is_a_cycle()
    {
        _folder.Write("self.tl", "input X\nimport \"self.tl\" as again with X=X");

        Assert.Equal(
            "self.tl:2:1 TL2024: import cycle: self.tl -> self.tl",
            _folder.Errors("import \"self.tl\" as s with X=V"));
    }

    [Fact]
    public void A_module_run_by_itself_takes_its_defaults_and_reports_a_parameter_without_one()
    {
        var diagnostics = new DiagnosticBag();
        var program = ProgramLoader.Load([new SourceText(Module, "m.tl")], diagnostics, [], _folder.Root);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("TL2047: parameter 'K' has no value", $"{diagnostic.Id}: {diagnostic.Message}");
        Assert.Equal(new LinePosition(2, 12), diagnostic.Location!.Value.Start);
        Assert.Equal("N = 2", Formatter.Format(program.Statements[0].Statement));
        Assert.Equal("Y[i] = K X[i] + Z[i]", Formatter.Format(program.Statements[1].Statement));
    }

    [Fact]
    public void Std_imports_look_in_the_stdlib_first_then_the_search_path_then_beside_the_importer()
    {
        var stdlib = _folder.Write("shipped/std/x.tl", "Which = 1");
        var searched = _folder.Write("path/std/x.tl", "Which = 2");
        _folder.Write("std/x.tl", "Which = 3");
        string[] searchPath = [Path.Combine(_folder.Root, "path")];
        var shipped = Path.Combine(_folder.Root, "shipped");

        Assert.Equal("x.tl: Which = 1", _folder.Statements("import \"std/x.tl\"", searchPath, shipped));
        File.Delete(stdlib);
        Assert.Equal("x.tl: Which = 2", _folder.Statements("import \"std/x.tl\"", searchPath, shipped));
        File.Delete(searched);
        Assert.Equal("x.tl: Which = 3", _folder.Statements("import \"std/x.tl\"", searchPath, shipped));
    }

    [Fact]
    public void Other_imports_look_beside_the_importer_first()
    {
        _folder.Write("path/x.tl", "Which = 2");
        _folder.Write("x.tl", "Which = 3");

        Assert.Equal("x.tl: Which = 3", _folder.Statements("import \"x.tl\"", [Path.Combine(_folder.Root, "path")]));
    }

    [Fact]
    public void A_missing_std_module_says_where_it_was_looked_for()
    {
        var (_, diagnostics) = _folder.Load("import \"std/nothing.tl\"");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(Catalog.ImportNotFound, diagnostic.Descriptor);
        Assert.Equal("std/ modules are looked up in the stdlib folder beside tlc, then in the folders of TL_PATH, then beside the importing file", diagnostic.Help);
    }

    [Fact]
    public void The_stdlib_is_beside_the_test_assembly_as_beside_tlc()
    {
        var diagnostics = new DiagnosticBag();
        var program = ProgramLoader.Load(
            [new SourceText("import \"std/logic.tl\" as g with Edge=E, Start=S\nimport \"std/nn.tl\" as n with X=F, In=2, Out=2", "main.tl")],
            diagnostics, []);

        Assert.Empty(diagnostics);
        Assert.Contains(program.Statements, s => s.Source.Path.EndsWith(Path.Combine("stdlib", "std", "logic.tl")));
        Assert.Contains(program.Statements, s => s.Source.Path.EndsWith(Path.Combine("stdlib", "std", "nn.tl")));
    }

    [Fact]
    public void Doc_comments_are_found_by_the_names_the_program_uses()
    {
        _folder.Write("doc.tl", """
            /// A module.

            /// The input.
            input X
            /// Sizes.
            param N=2, K
            /// Scaled X.
            Y[i] = K X[i] + Z[i]
            Z[i] = N
            /// Declared Z.
            Z : real[N]
            """);
        var (program, diagnostics) = _folder.Load("import \"doc.tl\" as a with X=V, K=1\n/// Mine.\nV = [1, 2]");
        Assert.Empty(diagnostics);
        var docs = program.Docs;

        Assert.Equal(("The input.", DocKind.Input), Text(docs, "a.X"));
        Assert.Equal(("Sizes.", DocKind.Parameter), Text(docs, "a.K"));
        Assert.Equal("2", docs.Find("a.N")!.Value.Doc.Default);
        Assert.Equal(("Scaled X.", DocKind.Tensor), Text(docs, "a.Y"));
        Assert.Equal(("Declared Z.", DocKind.Tensor), Text(docs, "a.Z"));
        Assert.Equal("Z : real[N]", docs.Find("a.Z")!.Value.Doc.Declaration);
        Assert.Equal("A module.", docs.Find("a.Y")!.Value.Module.Summary);
        Assert.Equal(("Mine.", DocKind.Tensor), Text(docs, "V"));
        Assert.Null(docs.Find("b.Y"));
        Assert.Null(docs.Find("a.V"));
    }

    private static (string?, DocKind) Text(ProgramDocs docs, string name) =>
        docs.Find(name) is { } found ? (found.Doc.Text, found.Doc.Kind) : throw new Xunit.Sdk.XunitException($"no documentation for {name}");

    [Fact]
    public void The_tensors_of_a_module_an_importer_does_not_use_are_not_reported_as_unused()
    {
        _folder.Write("u.tl", "input X\nDouble[i] = 2 X[i]\nHalf[i] = X[i] / 2");
        _folder.Write("lib.tl", "Unused[i] = 2 X[i]\nX = [1, 2]");
        var path = _folder.Write("main.tl", "import \"u.tl\" as a with X=V\nimport \"lib.tl\"\nV = [1, 2]\nMine[i] = V[i]\na.Double[i]?");

        var result = Compilation.Compile([new SourceText(File.ReadAllText(path), path)], null, []);

        Assert.Equal(["Mine", "Unused"], result.Diagnostics.Where(d => d.Descriptor == Catalog.UnusedTensor).Select(d => d.Message.Split('\'')[1]).Order());
    }
}
