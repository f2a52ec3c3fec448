using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Loading;

/// <summary>
/// What a file offers its importers: the tensors it reads and each importer provides (<c>input X, Edge</c>),
/// the numbers it is written in terms of (<c>param Hidden=16, Out</c>), and the names it defines itself. A
/// file with neither inputs nor parameters has no interface: a plain import of it inserts its statements,
/// as imports always did.
/// </summary>
internal sealed class ModuleInterface
{
    private ModuleInterface(
        SourceText source,
        IReadOnlyDictionary<string, Identifier> inputs,
        IReadOnlyDictionary<string, ModuleParameter> parameters,
        IReadOnlySet<string> localNames)
    {
        Source = source;
        Inputs = inputs;
        Parameters = parameters;
        LocalNames = localNames;
    }

    public SourceText Source { get; }

    /// <summary>Each input by name, with where the module names it.</summary>
    public IReadOnlyDictionary<string, Identifier> Inputs { get; }

    public IReadOnlyDictionary<string, ModuleParameter> Parameters { get; }

    /// <summary>Every name the file defines or declares, and its parameters (which become its constants).</summary>
    public IReadOnlySet<string> LocalNames { get; }

    public bool HasInterface => Inputs.Count > 0 || Parameters.Count > 0;

    public static ModuleInterface Read(CompilationUnit unit, DiagnosticBag diagnostics)
    {
        var inputs = new Dictionary<string, Identifier>(StringComparer.Ordinal);
        var parameters = new Dictionary<string, ModuleParameter>(StringComparer.Ordinal);
        var header = new Dictionary<string, Identifier>(StringComparer.Ordinal);
        foreach (var statement in unit.Statements)
        {
            var names = statement switch
            {
                InputStatement input => input.Tensors,
                ParamStatement param => [.. param.Parameters.Select(p => p.Name)],
                _ => [],
            };
            foreach (var name in names)
            {
                if (header.TryGetValue(name.Text, out var first))
                {
                    diagnostics.Report(Catalog.MalformedImport, new SourceLocation(unit.Source, name.Span),
                        $"'{name.Text}' is named twice among the module's inputs and parameters", "keep one of them",
                        new DiagnosticNote(new SourceLocation(unit.Source, first.Span), "first named here"));
                    continue;
                }
                header.Add(name.Text, name);
            }
            if (statement is InputStatement inputStatement)
            {
                foreach (var name in inputStatement.Tensors)
                    inputs.TryAdd(name.Text, name);
            }
            else if (statement is ParamStatement paramStatement)
            {
                foreach (var parameter in paramStatement.Parameters)
                    parameters.TryAdd(parameter.Name.Text, parameter);
            }
        }
        var local = unit.Statements.SelectMany(DefinedOrDeclared).Select(n => n.Text).ToHashSet(StringComparer.Ordinal);
        local.UnionWith(parameters.Keys);
        local.ExceptWith(inputs.Keys);
        return new ModuleInterface(unit.Source, inputs, parameters, local);
    }

    /// <summary>The names a statement defines (gives values to) or declares, as written.</summary>
    public static IEnumerable<Identifier> DefinedOrDeclared(Statement statement) => statement switch
    {
        DeclarationStatement declaration => [declaration.Name],
        _ => Defined(statement),
    };

    /// <summary>The names a statement gives values to: an equation's, literal's or file read's target, a rule's head, a fact.</summary>
    public static IEnumerable<Identifier> Defined(Statement statement) => statement switch
    {
        EquationStatement equation => [equation.Target.Name],
        LiteralStatement literal => [literal.Target.Name],
        FileReadStatement read => [read.Target.Name],
        RuleStatement rule => [rule.Head.Name],
        FactStatement fact => [fact.Fact.Name],
        _ => [],
    };
}
