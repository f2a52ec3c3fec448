using System.Collections.Frozen;

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

/// <summary>
/// A built-in function. Function names are lowercase, so they never collide with tensor names (which are
/// capitalized); the paper's "procedural attachment" is this registry.
/// </summary>
public sealed record BuiltinFunction(string Name, FunctionKind Kind, int MinArguments, int MaxArguments, string Description)
{
    private static readonly BuiltinFunction[] All =
    [
        new("step", FunctionKind.Elementwise, 1, 1, "Heaviside step: 1 if x > 0, else 0"),
        new("sig", FunctionKind.Elementwise, 1, 2, "sigmoid 1/(1+exp(-x/T)), T = 1 by default; sig(x, 0) is step(x)"),
        new("relu", FunctionKind.Elementwise, 1, 1, "max(x, 0)"),
        new("exp", FunctionKind.Elementwise, 1, 1, "e^x"),
        new("log", FunctionKind.Elementwise, 1, 1, "natural logarithm"),
        new("sin", FunctionKind.Elementwise, 1, 1, "sine"),
        new("cos", FunctionKind.Elementwise, 1, 1, "cosine"),
        new("sqrt", FunctionKind.Elementwise, 1, 1, "square root"),
        new("tanh", FunctionKind.Elementwise, 1, 1, "hyperbolic tangent"),
        new("abs", FunctionKind.Elementwise, 1, 1, "absolute value"),
        new("pow", FunctionKind.Elementwise, 2, 2, "pow(x, n) = x^n; at the root, x is projected before the power"),
        new("softmax", FunctionKind.Normalization, 1, 1, "softmax along the dotted LHS axes (max-subtracted)"),
        new("lnorm", FunctionKind.Normalization, 1, 1, "layer normalization along the dotted LHS axes: (x - mean) / sqrt(var + 1e-5)"),
        new("concat", FunctionKind.Concat, 1, 1, "flattens the RHS-only indices, row-major, into the LHS index missing on the RHS"),
    ];

    private static readonly FrozenDictionary<string, string> Aliases = new Dictionary<string, string>
    {
        ["sigmoid"] = "sig",
        ["\u03C3"] = "sig",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, BuiltinFunction> ByName = All.ToFrozenDictionary(f => f.Name);

    public static IEnumerable<BuiltinFunction> Functions => All;

    public static IEnumerable<string> Names => ByName.Keys.Concat(Aliases.Keys);

    public static BuiltinFunction? Find(string name) =>
        ByName.GetValueOrDefault(Aliases.GetValueOrDefault(name, name));

    public override string ToString() => Name;
}
