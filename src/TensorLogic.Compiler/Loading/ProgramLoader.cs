using System.Collections.Immutable;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Parsing;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Loading;

/// <summary>
/// Parses a program and the modules it imports. An import is replaced by the imported file's statements
/// the first time it is seen (later imports of the same file add nothing), so a module shared by two
/// others is loaded once. Paths are resolved against the importing file's folder, then the search path.
/// </summary>
public sealed class ProgramLoader
{
    private readonly DiagnosticBag _diagnostics;
    private readonly IReadOnlyList<string> _searchPath;
    private readonly HashSet<string> _loaded = new(StringComparer.Ordinal);
    private readonly List<string> _loading = [];
    private readonly ImmutableArray<SourceStatement>.Builder _statements = ImmutableArray.CreateBuilder<SourceStatement>();
    private readonly ImmutableArray<CompilationUnit>.Builder _units = ImmutableArray.CreateBuilder<CompilationUnit>();

    private ProgramLoader(DiagnosticBag diagnostics, IReadOnlyList<string> searchPath)
    {
        _diagnostics = diagnostics;
        _searchPath = searchPath;
    }

    /// <summary>
    /// The folders searched for imports after the importing file's own: those of <c>TL_PATH</c>, then the
    /// running application's folder (<see cref="AppContext.BaseDirectory"/>: tlc's, or a test host's). That
    /// last one is where a stdlib shipped beside tlc would be found, but no build step copies stdlib/ there,
    /// so today <c>import "stdlib/…"</c> resolves only beside the importing file or through <c>TL_PATH</c>.
    /// </summary>
    public static IReadOnlyList<string> DefaultSearchPath()
    {
        var paths = new List<string>();
        var fromEnvironment = Environment.GetEnvironmentVariable("TL_PATH");
        if (!string.IsNullOrEmpty(fromEnvironment))
            paths.AddRange(fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        paths.Add(AppContext.BaseDirectory);
        return paths;
    }

    public static LoadedProgram Load(IEnumerable<SourceText> sources, DiagnosticBag diagnostics, IReadOnlyList<string>? searchPath = null)
    {
        var loader = new ProgramLoader(diagnostics, searchPath ?? DefaultSearchPath());
        foreach (var source in sources)
            loader.LoadSource(source);
        return new LoadedProgram(loader._statements.ToImmutable(), loader._units.ToImmutable());
    }

    private void LoadSource(SourceText source)
    {
        var key = FullPathOrName(source.Path);
        _loaded.Add(key);
        _loading.Add(key);
        var unit = SyntaxParser.Parse(source, _diagnostics);
        _units.Add(unit);
        foreach (var statement in unit.Statements)
        {
            if (statement is ImportStatement import)
                LoadImport(import, source);
            else
                _statements.Add(new SourceStatement(statement, source));
        }
        _loading.RemoveAt(_loading.Count - 1);
    }

    private void LoadImport(ImportStatement import, SourceText from)
    {
        var location = new SourceLocation(from, import.Span);
        var resolved = Resolve(import.Path.Value, from.Path);
        if (resolved is null)
        {
            _diagnostics.Report(Catalog.ImportNotFound, location, $"cannot find module '{import.Path.Value}'",
                "imports are looked up beside the importing file, then in the folders of TL_PATH");
            return;
        }
        var key = FullPathOrName(resolved);
        if (_loading.Contains(key))
        {
            var cycle = string.Join(" -> ", _loading.Skip(_loading.IndexOf(key)).Append(key).Select(Path.GetFileName));
            _diagnostics.Report(Catalog.ImportCycle, location, $"import cycle: {cycle}");
            return;
        }
        if (_loaded.Contains(key))
            return;
        string text;
        try
        {
            text = File.ReadAllText(resolved);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _diagnostics.Report(Catalog.ImportNotFound, location, $"cannot read module '{import.Path.Value}': {e.Message}");
            return;
        }
        LoadSource(new SourceText(text, resolved));
    }

    private string? Resolve(string path, string fromPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(fromPath)) ?? ".";
        foreach (var root in _searchPath.Prepend(folder))
        {
            var candidate = Path.Combine(root, path);
            if (File.Exists(candidate))
                return Path.GetRelativePath(Directory.GetCurrentDirectory(), candidate);
        }
        return null;
    }

    private static string FullPathOrName(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return path;
        }
    }
}
