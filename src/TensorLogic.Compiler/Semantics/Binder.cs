using System.Collections.Immutable;
using TensorLogic.Compiler.Data;
using TensorLogic.Compiler.Loading;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Semantics;

/// <summary>
/// Semantic analysis: resolves every name, infers element types, ranks and index domains, reads data
/// files, and produces a <see cref="BoundProgram"/> with its evaluation strata. It runs in passes, each in
/// its own file:
/// <list type="number">
/// <item>Binder.Tensors: declarations, every tensor's rank, and whether it is Boolean;</item>
/// <item>Binder.Constants: named scalar constants (<c>S = 2</c>), which may appear in indices;</item>
/// <item>Binder.Learning: the learning directives (learn, fixed, init), for <c>tlc train</c>;</item>
/// <item>Binder.Domains: unification of index domains over all statements and data, then sizes;</item>
/// <item>Binder.Equations and Binder.Data: the bound equations, data and outputs;</item>
/// <item>DependencyAnalysis: strongly connected components and stratification.</item>
/// </list>
/// Every pass reports what it can, so one run lists as many problems as possible.
/// </summary>
public sealed partial class Binder
{
    private readonly LoadedProgram _program;
    private readonly DiagnosticBag _diagnostics;
    private readonly IDataReader? _reader;
    private readonly Dictionary<string, TensorInfo> _tensors = new(StringComparer.Ordinal);
    private readonly List<TensorInfo> _tensorOrder = [];

    /// <summary>Lowercase bare names read in equations that are not one of the equation's indices, by first use.</summary>
    private readonly Dictionary<string, SourceLocation> _bareNameReads = new(StringComparer.Ordinal);

    private Binder(LoadedProgram program, DiagnosticBag diagnostics, IDataReader? reader)
    {
        _program = program;
        _diagnostics = diagnostics;
        _reader = reader;
    }

    /// <summary>
    /// Checks <paramref name="program"/>. Returns the bound program, or null when errors make one
    /// meaningless (the errors are in <paramref name="diagnostics"/>). Data files are read through
    /// <paramref name="reader"/>; without one, file reads are reported as errors.
    /// </summary>
    public static BoundProgram? Bind(LoadedProgram program, DiagnosticBag diagnostics, IDataReader? reader)
    {
        var binder = new Binder(program, diagnostics, reader);
        return binder.Run();
    }

    private BoundProgram? Run()
    {
        CollectTensors();
        EvaluateConstants();
        BindLearning();
        ReadDataFiles();
        CollectDomains();
        ReportUndefinedTensors();
        if (_diagnostics.HasErrors)
            return null;
        FinishDomains();
        if (_diagnostics.HasErrors)
            return null;
        var equations = BindEquations();
        var data = BindData();
        var outputs = BindOutputs();
        if (_diagnostics.HasErrors)
            return null;
        var tensors = _tensorOrder.Select(t => t.Symbol).ToImmutableArray();
        var domains = _domains.ToImmutableArray();
        SetCombinations(equations);
        var strata = DependencyAnalysis.Analyze(tensors, equations, _diagnostics);
        ReportUnusedTensors(equations, outputs);
        if (_diagnostics.HasErrors)
            return null;
        return new BoundProgram(tensors, domains, equations, data, outputs, strata) { Learning = _learning };
    }

    // ------------------------------------------------------------------ shared helpers

    private static SourceLocation At(SourceStatement statement, SyntaxNode node) => new(statement.Source, node.Span);

    private TensorInfo? Find(string name) => _tensors.GetValueOrDefault(name);

    private TensorInfo GetOrAdd(string name, SourceLocation location)
    {
        if (_tensors.TryGetValue(name, out var info))
            return info;
        info = new TensorInfo(new TensorSymbol(name, location));
        _tensors.Add(name, info);
        _tensorOrder.Add(info);
        return info;
    }

    /// <summary>Even and Odd are built-in predicates unless the program defines tensors of that name.</summary>
    private bool IsIndexPredicate(string name) =>
        name is "Even" or "Odd" && (Find(name) is not { } info || !info.IsDefined);

    private void ReportUndefinedTensors()
    {
        var known = _tensorOrder.Where(t => t.IsDefined).Select(t => t.Name).ToList();
        foreach (var info in _tensorOrder)
        {
            if (info.IsDefined || info.FirstRead is not { } where || IsIndexPredicate(info.Name))
                continue;
            // A lowercase bare name in an equation was most likely meant as one of its indices.
            if (_bareNameReads.TryGetValue(info.Name, out var bare))
            {
                _diagnostics.Report(Catalog.UnboundIndexValue, bare,
                    $"'{info.Name}' is not an index of this equation, and no scalar '{info.Name}' is defined",
                    "a bare lowercase name is the value of an index used by the equation's tensors (p in sin(p / L)), or a scalar defined elsewhere (n = 3)");
                continue;
            }
            _diagnostics.Report(Catalog.UnknownTensor, where,
                $"unknown tensor '{info.Name}': it has no data, equations or declaration",
                NameSuggestions.Help(info.Name, known) ?? UndefinedTensorHelp(info.Name));
        }
    }

    // With a learn statement, a tensor that has nothing may be meant as a parameter, and saying so makes it one.
    private string UndefinedTensorHelp(string name) => HasLearnStatement
        ? $"to learn it, name it in 'learn ... wrt' or 'init', or declare it ({name} : real[...]); or give it data ({name} = \"file.tsv\")"
        : $"give it data ({name} = \"file.tsv\", facts or a literal) or declare it ({name} : real[...]) to make it empty";

    private void ReportUnusedTensors(ImmutableArray<BoundEquation> equations, ImmutableArray<BoundOutput> outputs)
    {
        var used = equations.SelectMany(e => e.Reads()).Select(r => r.Tensor)
            .Concat(outputs.Select(o => o.Tensor))
            .Concat(_directiveTensors)
            .ToHashSet();
        // A module offers more than one importer uses: only the program's own tensors are reported.
        var fromModules = _program.Statements.Where(s => s.FromModule)
            .SelectMany(s => ModuleInterface.Defined(s.Statement)).Select(n => n.Text).ToHashSet(StringComparer.Ordinal);
        foreach (var info in _tensorOrder)
        {
            if (fromModules.Contains(info.Name))
                continue;
            if (used.Contains(info.Symbol) || info.Symbol.ConstantValue is not null || info.Declaration is not null && !info.HasData && !info.HasEquations)
                continue;
            if (info.FirstRead is not null)
                continue;
            _diagnostics.Report(Catalog.UnusedTensor, info.Symbol.Location,
                $"tensor '{info.Name}' is computed but never used, queried or written",
                $"query it ({info.Name}?) or remove it");
        }
    }
}
