using TensorLogic.Compiler;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Loading;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Formatting;
using TensorLogic.Syntax.Parsing;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;
using TensorLogic.Tlc.Documentation;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// The commands that look at the program without changing it (:type, :ir, :plan, :doc, :list) and :save.
/// A name they do not know is reported at its place in the command line, which is its own source
/// (<c>&lt;command&gt;</c>), so the message has the form of every other error.
/// </summary>
internal sealed class ReplInspection(ReplSession session, string line)
{
    private readonly SourceText _command = new(line + "\n", "<command>");
    private TextWriter Output => session.Environment.Stdout;

    public void List()
    {
        if (Bind() is not { } bound)
            return;
        foreach (var tensor in bound.Tensors.Where(t => !t.IsTemporary))
            Output.Write(BoundProgramPrinter.Describe(tensor) + "\n");
    }

    public void Type(string name)
    {
        if (Bind() is { } bound && Find(bound, name) is { } tensor)
            Output.Write(BoundProgramPrinter.Describe(tensor) + "\n");
    }

    /// <summary>
    /// The IR that <c>tlc run --emit ir|plan</c> prints, lowered only for what <paramref name="name"/> needs (the
    /// strata of T and of the tensors it reads), as a session does when only T is asked.
    /// </summary>
    public void Ir(string? name, bool withPlans)
    {
        if (Bind() is not { } bound)
            return;
        TensorSymbol[]? roots = null;
        if (name is not null)
        {
            if (Find(bound, name) is not { } tensor)
                return;
            roots = [tensor];
        }
        Output.Write(IrPrinter.Print(Compilation.Lower(bound, session.Engine.Target, roots), withPlans));
    }

    /// <summary>
    /// <c>:doc std/nn.tl</c> prints a module's docs as <c>tlc doc</c> does; <c>:doc T</c> the comment above T in the
    /// session, or, for a name the session does not define, in the standard library's modules.
    /// </summary>
    public void Doc(string name)
    {
        if (name.EndsWith(".tl", StringComparison.Ordinal) || name.Contains('/'))
        {
            DocModule(name);
            return;
        }
        if (InstanceDoc(name))
            return;
        foreach (var source in session.Sources.Reverse())
        {
            if (ModuleDoc.Collect(Parse(source)).Find(name) is { } doc)
            {
                if (doc.Text is null)
                    Output.Write($"{name} has no /// comment\n");
                else
                    WriteTensorDoc(doc, prefix: "");
                return;
            }
        }
        var found = false;
        foreach (var module in StdlibModules())
        {
            if (ModuleDoc.Collect(Parse(module)).Find(name.Split('.')[^1]) is { } doc)
            {
                WriteTensorDoc(doc, prefix: ModuleMarkdown.ImportName(module.Path) + ": ");
                found = true;
            }
        }
        if (!found && Bind() is { } bound && Find(bound, name) is not null)
            Output.Write($"{name} has no /// comment\n");
    }

    /// <summary>
    /// A module instance (<c>net</c>) or a name inside one (<c>net.W1</c>, <c>net.Hidden</c>): the comment as the
    /// import names it, with the declaration or default the instance gives it. False for any other name.
    /// </summary>
    private bool InstanceDoc(string name)
    {
        var docs = Compilation.Compile(session.Sources, DataReaders.Default, ProgramLoader.DefaultSearchPath()).Program.Docs;
        if (!name.Contains('.') && !docs.Instances.Any(i => i.Prefix == name + "."))
            return false;
        if (DocLookup.For(docs, name) is { } text)
            Output.Write(text);
        else
            session.Environment.Stderr.Write($"no documentation for '{name}'\n");
        return true;
    }

    /// <summary>Every statement of the session, in canonical form, written atomically (a failed write leaves the old file).</summary>
    public void Save(string path)
    {
        var text = string.Concat(session.Sources.Select(s => Formatter.Format(Parse(s))));
        try
        {
            AtomicFile.WriteAllText(path, text);
            Output.Write($"saved {session.Sources.Count} submission(s) to {path}\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            session.Environment.Stderr.Write($"{path}: error: cannot write: {e.Message}\n");
        }
    }

    private void DocModule(string name)
    {
        var stdlib = Path.Combine(ProgramLoader.DefaultStdlibFolder(), name.EndsWith(".tl", StringComparison.Ordinal) ? name : name + ".tl");
        var path = File.Exists(name) ? name : stdlib;
        var diagnostics = Report.Writer(session.Environment);
        if (ParsedFile.Read(path, diagnostics, out _) is var (_, unit))
            Output.Write(ModuleMarkdown.Write(ModuleDoc.Collect(unit), ModuleMarkdown.ImportName(path)));
    }

    private void WriteTensorDoc(TensorDoc doc, string prefix)
    {
        Output.Write(prefix + (doc.Declaration ?? doc.Name) + "\n");
        if (doc.Text is { } text)
            Output.Write("  " + text.Replace("\n", "\n  ") + "\n");
    }

    private static IEnumerable<SourceText> StdlibModules()
    {
        var folder = Path.Combine(ProgramLoader.DefaultStdlibFolder(), "std");
        if (!Directory.Exists(folder))
            yield break;
        foreach (var file in Directory.EnumerateFiles(folder, "*.tl").Order(StringComparer.Ordinal))
            if (SourceFiles.Read(file, out _) is { } source)
                yield return source;
    }

    private static CompilationUnit Parse(SourceText source) => SyntaxParser.Parse(source, new DiagnosticBag());

    /// <summary>The session's program, bound; its sources were all accepted, so binding cannot fail but for data files that changed.</summary>
    private BoundProgram? Bind()
    {
        var compiled = Compilation.Compile(session.Sources, DataReaders.Default, ProgramLoader.DefaultSearchPath());
        if (compiled.Bound is null)
            Report.Writer(session.Environment).Write(compiled.Diagnostics.Where(d => d.IsError));
        return compiled.Bound;
    }

    private TensorSymbol? Find(BoundProgram bound, string name)
    {
        if (bound.FindTensor(name) is { } tensor)
            return tensor;
        var at = line.IndexOf(name, line.IndexOf(' '), StringComparison.Ordinal);
        var location = new SourceLocation(_command, new TextSpan(at, name.Length));
        Report.Writer(session.Environment).Write(new Diagnostic(Catalog.UnknownTensor, location, $"unknown tensor '{name}'", null, []));
        return null;
    }
}
