using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Loading;

/// <summary>
/// How the names written in one loaded file become the program's names. The program itself is read with an
/// empty <see cref="Prefix"/>: its names stay as written. An instance <c>import "std/nn.tl" as enc</c> is read
/// with the prefix <c>enc.</c>, so its <c>Hidden</c> becomes <c>enc.Hidden</c>, except for its inputs, which
/// become the tensors the import named (<c>X</c> becomes <c>Features</c>). Instances inside instances stack
/// prefixes: <c>enc.b.Out</c>.
/// </summary>
internal sealed class ModuleScope
{
    private readonly HashSet<string> _localNames;
    private readonly HashSet<string> _aliases;
    private readonly DiagnosticBag _diagnostics;

    public ModuleScope(
        SourceText source, string prefix, int instance, int depth, ModuleInterface moduleInterface,
        IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, NumberSettingValue> parameterValues,
        IEnumerable<string> extraLocalNames, DiagnosticBag diagnostics, HashSet<string>? aliases = null)
    {
        _aliases = aliases ?? new HashSet<string>(StringComparer.Ordinal);
        ParameterValues = parameterValues;
        Source = source;
        Prefix = prefix;
        Instance = instance;
        Depth = depth;
        Interface = moduleInterface;
        Inputs = inputs;
        _localNames = [.. moduleInterface.LocalNames, .. extraLocalNames];
        _diagnostics = diagnostics;
    }

    public SourceText Source { get; }

    /// <summary>What every name of the file's own tensors gets in front: <c>""</c>, <c>"enc."</c>, <c>"enc.b."</c>.</summary>
    public string Prefix { get; }

    /// <summary>
    /// Which module instance the file's definitions belong to: the program is 0, each module with an
    /// interface (inputs or parameters) or a name gets its own. A plain import of a file without an interface
    /// shares its importer's, as its statements are simply part of the importer.
    /// </summary>
    public int Instance { get; }

    /// <summary>How many imports deep the file is; the program is 0.</summary>
    public int Depth { get; }

    public ModuleInterface Interface { get; }

    /// <summary>The module's inputs, each with the program name of the tensor it stands for.</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; }

    /// <summary>The value each of the module's parameters has in this instance, for passing on to its own imports.</summary>
    public IReadOnlyDictionary<string, NumberSettingValue> ParameterValues { get; }

    /// <summary>The names this file defines or declares, which an instance prefixes wherever they occur.</summary>
    public IReadOnlySet<string> LocalNames => _localNames;

    /// <summary>Makes <paramref name="alias"/> known before the file's statements are read, so that a use may come before its import.</summary>
    public void AddAlias(Identifier alias) => _aliases.Add(alias.Text);

    /// <summary>A name where only a tensor can stand: a tensor reference, a declaration, a directive's list.</summary>
    public Identifier Tensor(Identifier name)
    {
        if (name.IsQualified)
            return Qualified(name);
        if (Inputs.TryGetValue(name.Text, out var input))
            return name with { Text = input };
        // Even and Odd are built-in predicates unless the module defines its own.
        if (Prefix.Length == 0 || name.Text is "Even" or "Odd" && !_localNames.Contains(name.Text))
            return name;
        return name with { Text = Prefix + name.Text };
    }

    /// <summary>
    /// A name that may be something other than a tensor: a capitalized index (a symbol such as <c>Alice</c>, or
    /// a named constant), a bare lowercase name in an expression (an index value, or a scalar), a domain, a
    /// setting's value. Only the module's own names, its inputs and qualified names are renamed.
    /// </summary>
    public Identifier Value(Identifier name)
    {
        if (name.IsQualified)
            return Qualified(name);
        if (Inputs.TryGetValue(name.Text, out var input))
            return name with { Text = input };
        return _localNames.Contains(name.Text) && Prefix.Length > 0 ? name with { Text = Prefix + name.Text } : name;
    }

    /// <summary><c>b.Out</c> names a tensor of the instance this file imported as <c>b</c>.</summary>
    private Identifier Qualified(Identifier name)
    {
        var alias = name.Qualifier!;
        if (!_aliases.Contains(alias))
        {
            var known = _aliases.ToList();
            _diagnostics.Report(Catalog.UnknownModuleAlias, new SourceLocation(Source, name.Span),
                $"'{alias}' in '{name.Text}' is not the name of an import in this file",
                NameSuggestions.Help(alias, known)
                    ?? $"a name with a '.' reads a module's tensor: import the module first, as in import \"file.tl\" as {alias}");
            return name;
        }
        return name with { Text = Prefix + name.Text };
    }
}
