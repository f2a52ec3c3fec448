using System.Collections.Immutable;
using TensorLogic.Compiler.Data;
using TensorLogic.Compiler.Loading;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler;

/// <summary>The outcome of checking a program: the loaded sources, the bound program (null on errors), and every diagnostic.</summary>
public sealed record CompilationResult(LoadedProgram Program, BoundProgram? Bound, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Bound is null || Diagnostics.Any(d => d.IsError);

    /// <summary>Time spent parsing (with imports), for <c>--profile</c>.</summary>
    public TimeSpan ParseTime { get; init; }

    /// <summary>Time spent checking (binding, including reading data files), for <c>--profile</c>.</summary>
    public TimeSpan CheckTime { get; init; }
}

/// <summary>
/// The pipeline on one screen: load (parse + imports), bind, then — for a target engine — the named passes,
/// lowering (semi-naive rewrite, layer analysis, constant folding) and contraction planning. What
/// <see cref="Lower"/> returns is everything that runs.
/// </summary>
public static class Compilation
{
    /// <summary>
    /// The checked program lowered for <paramref name="target"/>, keeping <paramref name="roots"/> (default: the
    /// outputs) computed. <paramref name="inputs"/> are tensors whose data the caller will replace between
    /// runs (parameters being learned, batches): nothing that reads them is folded into a constant.
    /// </summary>
    public static IR.IrProgram Lower(BoundProgram program, Passes.ExecutionTarget target, IEnumerable<TensorSymbol>? roots = null,
        IEnumerable<TensorSymbol>? inputs = null) =>
        Passes.PassPipeline.Compile(program, target, roots, inputs);

    public static CompilationResult Compile(IEnumerable<SourceText> sources, IDataReader? dataReader, IReadOnlyList<string>? searchPath = null)
    {
        var diagnostics = new DiagnosticBag();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var program = ProgramLoader.Load(sources, diagnostics, searchPath);           // Syntax, imports
        var parsed = clock.Elapsed;
        var bound = diagnostics.HasErrors ? null : Binder.Bind(program, diagnostics, dataReader);  // Semantics
        return new CompilationResult(program, bound, diagnostics.ToSortedArray())
        {
            ParseTime = parsed,
            CheckTime = clock.Elapsed - parsed,
        };
    }
}
