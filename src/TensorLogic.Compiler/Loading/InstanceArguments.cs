using System.Collections.Immutable;
using System.Globalization;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Loading;

/// <summary>
/// An import's arguments matched to the module's interface: which tensor each input stands for, and the
/// value of each parameter. Every parameter becomes a named constant of the instance, defined where its value
/// was written (the import's <c>with</c> list, or the module's default):
/// <code>
/// import "std/nn.tl" as enc with X=Features, Hidden=4   -----&gt;   inputs: X = Features;   enc.Hidden = 4
/// </code>
/// </summary>
internal sealed record InstanceArguments(
    IReadOnlyDictionary<string, string> Inputs,
    IReadOnlyDictionary<string, NumberSettingValue> ParameterValues,
    ImmutableArray<SourceStatement> Constants)
{
    /// <summary>
    /// A named import: every input and every parameter without a default must be given, each with its kind
    /// (a tensor for an input, a number for a parameter), and nothing else may be.
    /// </summary>
    public static InstanceArguments ForNamedImport(
        ImportStatement import, string prefix, ModuleScope importer, ModuleInterface module, DiagnosticBag diagnostics)
    {
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var values = new Dictionary<string, NumberSettingValue>(StringComparer.Ordinal);
        var constants = ImmutableArray.CreateBuilder<SourceStatement>();
        var moduleName = import.Path.Value;
        foreach (var argument in import.Arguments)
        {
            var name = argument.Name.Text;
            var at = new SourceLocation(importer.Source, argument.Span);
            if (module.Inputs.TryGetValue(name, out var input))
            {
                if (argument.Value is NameSettingValue tensor)
                    inputs[name] = importer.Tensor(tensor.Name).Text;
                else
                    ReportKind(diagnostics, at, $"input '{name}' of module '{moduleName}' is a tensor, not {Describe(argument.Value)}",
                        $"give the tensor it stands for: {name}=Features", Declared(module, input.Span, "declared as an input here"));
            }
            else if (module.Parameters.TryGetValue(name, out var parameter))
            {
                if (ParameterValue(argument.Value, importer) is { } value)
                {
                    values[name] = value;
                    constants.Add(Constant(prefix + name, value, argument.Span, importer.Source));
                }
                else
                {
                    ReportKind(diagnostics, at, $"parameter '{name}' of module '{moduleName}' is a number, not {Describe(argument.Value)}",
                        "give a number, or a parameter of the importing module: Hidden=64; a tensor the module reads is one of its inputs",
                        Declared(module, parameter.Span, "declared as a parameter here"));
                }
            }
            else
            {
                var offered = module.Inputs.Keys.Concat(module.Parameters.Keys).ToList();
                diagnostics.Report(Catalog.UnknownModuleArgument, new SourceLocation(importer.Source, argument.Name.Span),
                    $"module '{moduleName}' has no input or parameter '{name}'",
                    NameSuggestions.Help(name, offered) ?? Offers(module));
            }
        }
        var given = import.Arguments.Select(a => a.Name.Text).ToHashSet(StringComparer.Ordinal);
        var importAt = new SourceLocation(importer.Source, import.Span);
        foreach (var (name, input) in module.Inputs.Where(i => !given.Contains(i.Key)))
        {
            diagnostics.Report(Catalog.MissingModuleArgument, importAt, $"module '{moduleName}' needs its input '{name}'",
                $"name the tensor it stands for: with {name}=Tensor", Declared(module, input.Span, "declared as an input here"));
        }
        AddDefaults(module, prefix, given, values, constants, importAt, moduleName, named: true, diagnostics);
        return new InstanceArguments(inputs, values, constants.ToImmutable());
    }

    /// <summary>
    /// A plain import of a module with an interface: its inputs are the importer's tensors of the same names,
    /// its parameters take their defaults, and one without a default is missing.
    /// </summary>
    public static InstanceArguments ForPlainImport(ImportStatement import, string prefix, ModuleScope importer, ModuleInterface module, DiagnosticBag diagnostics)
    {
        var inputs = module.Inputs.Keys.ToDictionary(n => n, n => importer.Tensor(new Identifier(n, import.Span)).Text, StringComparer.Ordinal);
        var values = new Dictionary<string, NumberSettingValue>(StringComparer.Ordinal);
        var constants = ImmutableArray.CreateBuilder<SourceStatement>();
        AddDefaults(module, prefix, [], values, constants, new SourceLocation(importer.Source, import.Span), import.Path.Value, named: false, diagnostics);
        return new InstanceArguments(inputs, values, constants.ToImmutable());
    }

    private static void AddDefaults(
        ModuleInterface module, string prefix, HashSet<string> given, Dictionary<string, NumberSettingValue> values,
        ImmutableArray<SourceStatement>.Builder constants, SourceLocation importAt, string moduleName, bool named, DiagnosticBag diagnostics)
    {
        foreach (var (name, parameter) in module.Parameters.Where(p => !given.Contains(p.Key)))
        {
            if (parameter.Default is { } value)
            {
                values[name] = value;
                constants.Add(Constant(prefix + name, value, parameter.Span, module.Source));
                continue;
            }
            var help = named
                ? $"give it a value: with {name}=number"
                : $"import the module with a name to give it a value: import \"{moduleName}\" as m with {name}=number";
            diagnostics.Report(Catalog.MissingModuleArgument, importAt, $"module '{moduleName}' needs a value for its parameter '{name}'",
                help, Declared(module, parameter.Span, "declared here, without a default"));
        }
    }

    /// <summary>The constants of the parameters that have defaults, for a module checked or run by itself.</summary>
    public static IEnumerable<SourceStatement> Defaults(ModuleInterface module, string prefix) =>
        module.Parameters.Values
            .Where(p => p.Default is not null)
            .Select(p => Constant(prefix + p.Name.Text, p.Default!, p.Span, module.Source));

    /// <summary>A number, or a parameter of the importing module passed on (<c>with Size=Hidden</c> inside a module).</summary>
    private static NumberSettingValue? ParameterValue(SettingValue value, ModuleScope importer) => value switch
    {
        NumberSettingValue number => number,
        NameSettingValue name when importer.ParameterValues.TryGetValue(name.Name.Text, out var passed) => passed with { Span = name.Span },
        _ => null,
    };

    /// <summary><c>enc.Hidden = 64</c>, a named constant the binder reads like any other.</summary>
    private static SourceStatement Constant(string name, NumberSettingValue value, TextSpan span, SourceText source)
    {
        var target = new TensorReference(new Identifier(name, span), ReferenceStyle.Scalar, [], span);
        var number = new NumberLiteral(value.Value, value.Value.ToString("R", CultureInfo.InvariantCulture), span);
        return new SourceStatement(new EquationStatement(target, ProjectionOperator.Assign, number, span), source);
    }

    private static string Describe(SettingValue value) => value switch
    {
        NumberSettingValue number => $"the number {number.Text}",
        StringSettingValue text => $"the string \"{text.Value}\"",
        _ => $"'{value.Text}'",
    };

    private static string Offers(ModuleInterface module)
    {
        string List(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none";
        return $"its inputs: {List(module.Inputs.Keys)}; its parameters: {List(module.Parameters.Keys)}";
    }

    private static DiagnosticNote Declared(ModuleInterface module, TextSpan span, string message) =>
        new(new SourceLocation(module.Source, span), message);

    private static void ReportKind(DiagnosticBag diagnostics, SourceLocation at, string message, string help, DiagnosticNote note) =>
        diagnostics.Report(Catalog.ModuleArgumentKind, at, message, help, note);
}
