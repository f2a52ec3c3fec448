using TensorLogic.Compiler.Loading;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Formatting;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler.Tests.Loading;

/// <summary>
/// A temporary folder of module files, loaded as a program would be: the expanded statements are shown one
/// a line as <c>file: statement</c> in canonical text, and the diagnostics as <c>id: message</c>.
/// </summary>
internal sealed class ModuleFolder : IDisposable
{
    public ModuleFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "tl-modules-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Write(string name, string text)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Loads <paramref name="main"/> as main.tl; no search path and an empty stdlib unless given.</summary>
    public (LoadedProgram Program, DiagnosticBag Diagnostics) Load(string main, IReadOnlyList<string>? searchPath = null, string? stdlib = null)
    {
        var path = Write("main.tl", main);
        var diagnostics = new DiagnosticBag();
        var program = ProgramLoader.Load([new SourceText(main, path)], diagnostics, searchPath ?? [], stdlib ?? Path.Combine(Root, "no-stdlib"));
        return (program, diagnostics);
    }

    /// <summary>The statements of a program that loads without diagnostics.</summary>
    public string Statements(string main, IReadOnlyList<string>? searchPath = null, string? stdlib = null)
    {
        var (program, diagnostics) = Load(main, searchPath, stdlib);
        Assert.True(diagnostics.Count == 0, Errors(diagnostics));
        return string.Join("\n", program.Statements.Select(s => $"{Path.GetFileName(s.Source.Path)}: {Formatter.Format(s.Statement)}"));
    }

    /// <summary>The diagnostics of a program, sorted, each as <c>file:line:col id: message</c>, then its notes' places.</summary>
    public string Errors(string main)
    {
        var (_, diagnostics) = Load(main);
        return Errors(diagnostics);
    }

    // A module is named in messages by its path as found, relative to the working directory: only its file name is kept here.
    private static string Errors(DiagnosticBag diagnostics) =>
        System.Text.RegularExpressions.Regex.Replace(Listing(diagnostics), @"'[^' ]*/([^/' ]+\.tl)'", "'$1'");

    private static string Listing(DiagnosticBag diagnostics) =>
        string.Join("\n", diagnostics.ToSortedArray().Select(d =>
            $"{Place(d.Location)} {d.Id}: {d.Message}" + string.Concat(d.Notes.Select(n => $" [{Place(n.Location)}: {n.Message}]"))));

    private static string Place(SourceLocation? location) =>
        location is { } at ? $"{Path.GetFileName(at.Source.Path)}:{at.Start}" : "?";

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
