using System.Collections.Immutable;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Parsing;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Loading;

/// <summary>
/// Parses a program and the modules it imports, and expands the imports into one flat list of statements
/// for the binder (docs/language.md §11):
/// <list type="bullet">
/// <item><c>import "lib.tl"</c> inserts the file's statements the first time it is seen (later plain imports
/// of the same file add nothing), so a file shared by two others is loaded once;</item>
/// <item><c>import "std/nn.tl" as enc with X=Features, Hidden=64</c> inserts a new instance of the module each
/// time, its names prefixed with <c>enc.</c> and its inputs replaced by the tensors named
/// (<see cref="ModuleScope"/>, <see cref="ScopeRewriter"/>), its parameters defined as constants
/// (<see cref="InstanceArguments"/>).</item>
/// </list>
/// Then a tensor defined by two instances is reported (<see cref="DefinitionClashes"/>).
/// </summary>
public sealed class ProgramLoader
{
    private readonly DiagnosticBag _diagnostics;
    private readonly ImportResolver _resolver;
    private readonly Dictionary<string, ParsedFile> _parsed = new(StringComparer.Ordinal);
    private readonly HashSet<(string Prefix, string File)> _plainImports = [];
    private readonly Dictionary<string, SourceLocation> _instances = new(StringComparer.Ordinal);
    private readonly List<string> _loading = [];

    // The files of the program (several for a REPL session, or a program and an --explain goal) are one
    // scope: an import in one names tensors the others may read.
    private readonly HashSet<string> _programAliases = new(StringComparer.Ordinal);
    private readonly List<ScopedStatement> _statements = [];
    private readonly ImmutableArray<CompilationUnit>.Builder _units = ImmutableArray.CreateBuilder<CompilationUnit>();
    private readonly ImmutableArray<ModuleDoc>.Builder _docs = ImmutableArray.CreateBuilder<ModuleDoc>();
    private readonly ImmutableArray<(string, ModuleDoc)>.Builder _instanceDocs = ImmutableArray.CreateBuilder<(string, ModuleDoc)>();
    private int _nextInstance = 1;

    private ProgramLoader(DiagnosticBag diagnostics, ImportResolver resolver)
    {
        _diagnostics = diagnostics;
        _resolver = resolver;
    }

    /// <summary>
    /// The folders searched for imports after the importing file's own: those of <c>TL_PATH</c>, then the
    /// running application's folder (<see cref="AppContext.BaseDirectory"/>: tlc's, or a test host's).
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

    /// <summary>
    /// Where <c>std/…</c> imports are found first: the <c>stdlib</c> folder that the build copies beside tlc
    /// (and beside every test assembly, through TensorLogic.Testing).
    /// </summary>
    public static string DefaultStdlibFolder() => Path.Combine(AppContext.BaseDirectory, "stdlib");

    /// <summary>
    /// The file that <c>import "<paramref name="path"/>"</c> in <paramref name="fromPath"/> loads, found as
    /// <see cref="Load"/> finds it with the default folders, or null. Editors use it to open the imported module.
    /// </summary>
    public static string? ResolveImport(string path, string fromPath) =>
        new ImportResolver(DefaultSearchPath(), DefaultStdlibFolder()).Resolve(path, fromPath);

    public static LoadedProgram Load(
        IEnumerable<SourceText> sources, DiagnosticBag diagnostics, IReadOnlyList<string>? searchPath = null, string? stdlibFolder = null)
    {
        var resolver = new ImportResolver(searchPath ?? DefaultSearchPath(), stdlibFolder ?? DefaultStdlibFolder());
        var loader = new ProgramLoader(diagnostics, resolver);
        foreach (var source in sources)
            loader.LoadProgramSource(source);
        DefinitionClashes.Report(loader._statements, diagnostics);
        var docs = new ProgramDocs(loader._docs.ToImmutable(), loader._instanceDocs.ToImmutable());
        return new LoadedProgram([.. loader._statements.Select(s => s.Statement)], loader._units.ToImmutable()) { Docs = docs };
    }

    /// <summary>A file the user named (or a REPL submission): its names are the program's names.</summary>
    private void LoadProgramSource(SourceText source)
    {
        var key = FullPathOrName(source.Path);
        _plainImports.Add(("", key));
        var file = Parse(source);
        // A module checked or run by itself: its inputs are its own tensors, its parameters take their defaults.
        var inputs = file.Interface.Inputs.Keys.ToDictionary(n => n, n => n, StringComparer.Ordinal);
        var values = new Dictionary<string, NumberSettingValue>(StringComparer.Ordinal);
        var scope = new ModuleScope(source, "", 0, 0, file.Interface, inputs, values, [], _diagnostics, _programAliases);
        foreach (var parameter in file.Interface.Parameters.Values)
        {
            if (parameter.Default is { } value)
                values[parameter.Name.Text] = value;
            else
                _diagnostics.Report(Catalog.MissingModuleArgument, new SourceLocation(source, parameter.Span),
                    $"parameter '{parameter.Name.Text}' has no value",
                    $"a module without a default for a parameter can only be imported, with a value: import \"file.tl\" as m with {parameter.Name.Text}=number");
        }
        foreach (var constant in InstanceArguments.Defaults(file.Interface, ""))
            _statements.Add(new ScopedStatement(constant, scope));
        Expand(file, scope, key);
    }

    private void Expand(ParsedFile file, ModuleScope scope, string key)
    {
        _instanceDocs.Add((scope.Prefix, file.Docs));
        foreach (var import in file.Unit.Statements.OfType<ImportStatement>())
        {
            if (import.Alias is { } alias)
                scope.AddAlias(alias);
        }
        _loading.Add(key);
        var rewriter = new ScopeRewriter(scope);
        foreach (var statement in file.Unit.Statements)
        {
            switch (statement)
            {
                case ImportStatement import:
                    LoadImport(import, scope);
                    break;
                case InputStatement or ParamStatement:
                    break;
                default:
                    // Left out once reported, so that the importer's tensor is not reported again as defined twice.
                    if (DefinesInput(statement, scope))
                        break;
                    var rewritten = new SourceStatement(rewriter.Rewrite(statement), scope.Source) { FromModule = scope.Instance != 0 };
                    _statements.Add(new ScopedStatement(rewritten, scope));
                    break;
            }
        }
        _loading.RemoveAt(_loading.Count - 1);
    }

    private void LoadImport(ImportStatement import, ModuleScope importer)
    {
        var location = new SourceLocation(importer.Source, import.Span);
        var path = import.Path.Value;
        if (_resolver.Resolve(path, importer.Source.Path) is not { } resolved)
        {
            _diagnostics.Report(Catalog.ImportNotFound, location, $"cannot find module '{path}'", ImportResolver.NotFoundHelp(path));
            return;
        }
        var key = FullPathOrName(resolved);
        if (_loading.Contains(key))
        {
            var cycle = string.Join(" -> ", _loading.Skip(_loading.IndexOf(key)).Append(key).Select(Path.GetFileName));
            _diagnostics.Report(Catalog.ImportCycle, location, $"import cycle: {cycle}");
            return;
        }
        if (import.Alias is null && !_plainImports.Add((importer.Prefix, key)))
            return;
        if (import.Alias is { } alias && !RegisterInstance(importer.Prefix + alias.Text + ".", location, alias))
            return;
        if (Read(resolved, location, path) is not { } file)
            return;
        var scope = ScopeOf(import, importer, file.Interface);
        Expand(file, scope, key);
    }

    /// <summary>Two imports of one name in one scope would mix their tensors; the second is reported (TL2050).</summary>
    private bool RegisterInstance(string prefix, SourceLocation location, Identifier alias)
    {
        if (_instances.TryGetValue(prefix, out var first))
        {
            _diagnostics.Report(Catalog.ModuleAliasClash, new SourceLocation(location.Source, alias.Span),
                $"'{alias.Text}' already names an import here, so its tensors would be mixed with this one's",
                "give each import its own name", new DiagnosticNote(first, "first imported here"));
            return false;
        }
        _instances.Add(prefix, location);
        return true;
    }

    private ModuleScope ScopeOf(ImportStatement import, ModuleScope importer, ModuleInterface module)
    {
        var source = module.Source;
        if (import.Alias is { } alias)
        {
            var prefix = importer.Prefix + alias.Text + ".";
            var arguments = InstanceArguments.ForNamedImport(import, prefix, importer, module, _diagnostics);
            return Instance(source, prefix, importer, module, arguments);
        }
        if (module.HasInterface)
        {
            var arguments = InstanceArguments.ForPlainImport(import, importer.Prefix, importer, module, _diagnostics);
            return Instance(source, importer.Prefix, importer, module, arguments);
        }
        // A plain file without an interface is part of its importer: same names, same instance.
        return new ModuleScope(source, importer.Prefix, importer.Instance, importer.Depth + 1, module,
            importer.Inputs, importer.ParameterValues, importer.LocalNames, _diagnostics);
    }

    private ModuleScope Instance(SourceText source, string prefix, ModuleScope importer, ModuleInterface module, InstanceArguments arguments)
    {
        var scope = new ModuleScope(source, prefix, _nextInstance++, importer.Depth + 1, module,
            arguments.Inputs, arguments.ParameterValues, [], _diagnostics);
        foreach (var constant in arguments.Constants)
            _statements.Add(new ScopedStatement(constant with { FromModule = true }, scope));
        return scope;
    }

    /// <summary>A module gives values only to its own tensors; an input belongs to the importer (TL2051).</summary>
    private bool DefinesInput(Statement statement, ModuleScope scope)
    {
        var reported = false;
        foreach (var name in ModuleInterface.Defined(statement))
        {
            if (!scope.Interface.Inputs.TryGetValue(name.Text, out var input) || scope.Depth == 0)
                continue;
            reported = true;
            _diagnostics.Report(Catalog.ModuleDefinitionClash, new SourceLocation(scope.Source, name.Span),
                $"module '{scope.Source.Path}' defines its input '{name.Text}', which belongs to the importer",
                "a module reads its inputs; define a tensor of its own from them instead",
                new DiagnosticNote(new SourceLocation(scope.Source, input.Span), "declared as an input here"));
        }
        return reported;
    }

    private ParsedFile? Read(string resolved, SourceLocation location, string path)
    {
        var key = FullPathOrName(resolved);
        if (_parsed.TryGetValue(key, out var known))
            return known;
        string text;
        try
        {
            text = File.ReadAllText(resolved);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _diagnostics.Report(Catalog.ImportNotFound, location, $"cannot read module '{path}': {e.Message}");
            return null;
        }
        var file = Parse(new SourceText(text, resolved));
        _parsed[key] = file;
        return file;
    }

    private ParsedFile Parse(SourceText source)
    {
        var unit = SyntaxParser.Parse(source, _diagnostics);
        _units.Add(unit);
        var docs = ModuleDoc.Collect(unit);
        _docs.Add(docs);
        return new ParsedFile(unit, ModuleInterface.Read(unit, _diagnostics), docs);
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

    /// <summary>A file parsed once, however many instances of it the program has.</summary>
    private sealed record ParsedFile(CompilationUnit Unit, ModuleInterface Interface, ModuleDoc Docs);
}
