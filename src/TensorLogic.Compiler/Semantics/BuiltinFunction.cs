using System.Collections.Frozen;
using System.Collections.Immutable;

namespace TensorLogic.Compiler.Semantics;

/// <summary>What kind of work a built-in function does; decides where it may appear in an equation.</summary>
public enum FunctionKind
{
    /// <summary>Applied to each element: <c>relu</c>, <c>exp</c>, <c>sig(x, T)</c>, <c>pow(x, n)</c>.</summary>
    Elementwise,

    /// <summary>Normalizes along the dotted left-hand-side axes: <c>softmax</c>, <c>lnorm</c>. Outermost only.</summary>
    Normalization,

    /// <summary>Merges right-hand-side indices into one left-hand-side index: <c>concat</c>. Outermost only.</summary>
    Concat,
}

/// <summary>Which normalization a <see cref="FunctionKind.Normalization"/> function is; the kernels are TensorLogic.Runtime.Kernels.Normalization.</summary>
public enum Normalizer
{
    Softmax,
    LayerNorm,
}

/// <summary>
/// A built-in function, one row of <see cref="Builtins"/>. Function names are lowercase, so they never
/// collide with tensor names (which are capitalized); the paper's "procedural attachment" is this registry.
/// Engines look a function up by name once, while binding, and from then on use the row's forms.
/// </summary>
public sealed record BuiltinFunction(string Name, FunctionKind Kind, int MinArguments, int MaxArguments, string Description)
{
    private static readonly FrozenDictionary<string, BuiltinFunction> ByName =
        Builtins.All.SelectMany(f => f.Aliases.Prepend(f.Name).Select(name => (name, f))).ToFrozenDictionary(p => p.name, p => p.f);

    /// <summary>Other names the function answers to.</summary>
    public ImmutableArray<string> Aliases { get; init; } = [];

    /// <summary>The scalar, vectorized and generated-code forms; set exactly for <see cref="FunctionKind.Elementwise"/>.</summary>
    public ElementwiseFunction? Elementwise { get; init; }

    /// <summary>Set exactly for <see cref="FunctionKind.Normalization"/>.</summary>
    public Normalizer? Normalizer { get; init; }

    /// <summary>
    /// d/dx of an elementwise function as a Tensor Logic expression of its input x, its output y and its second
    /// argument (the temperature of <c>sig</c>, the exponent of <c>pow</c>); null where the derivative is zero
    /// almost everywhere (<c>step</c>). The gradient compiler writes it into gradient programs.
    /// </summary>
    public Func<DerivativeOperands, Syntax.Tree.Expression>? Derivative { get; init; }

    public static IEnumerable<BuiltinFunction> Functions => Builtins.All;

    public static IEnumerable<string> Names => ByName.Keys;

    public static BuiltinFunction? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The value of an elementwise call on constant arguments (a missing second argument takes its default).</summary>
    public double Evaluate(ReadOnlySpan<double> arguments)
    {
        var elementwise = Elementwise ?? throw new ArgumentException($"'{Name}' is not an elementwise function");
        return elementwise.Apply(arguments[0], arguments.Length > 1 ? arguments[1] : elementwise.DefaultArgument);
    }

    public override string ToString() => Name;
}

/// <summary>What a derivative rule may use: the function's input x, its output y = f(x), and its second argument.</summary>
public sealed record DerivativeOperands(Syntax.Tree.Expression Input, Syntax.Tree.Expression Output, Syntax.Tree.Expression? Argument);
