using System.Collections.Immutable;

namespace TensorLogic.Bench;

/// <summary>
/// One benchmark: a Tensor Logic program, the data files it reads, and the tensor whose computation is
/// timed. <see cref="Kind"/> and <see cref="Parameters"/> tell bench/peers/peers.py which NumPy/PyTorch
/// computation is the same one; <see cref="Flops"/> is the floating-point work of a good evaluation order
/// (a multiply-add counts 2; elementwise functions are not counted), so GFLOP/s compare across peers.
/// </summary>
public sealed record BenchCase(
    string Name,
    string Kind,
    string Description,
    double Flops,
    string Equations,
    ImmutableArray<InputFile> Inputs,
    string Result,
    ImmutableDictionary<string, int> Parameters)
{
    /// <summary>A plain nested loop over all indices computing the same result, for the planner cases.</summary>
    public NaiveLoop? Naive { get; init; }

    /// <summary>
    /// Dense contractions with enough reuse per element to be bound by arithmetic, not memory (matrix products,
    /// attention, MLPs, convolutions): for these the report gives the fraction of the machine's peak FLOP/s.
    /// </summary>
    public bool GemmLike { get; init; }

    /// <summary>The file the program writes its result to, beside program.tl; the end-to-end runs compare it with NumPy's.</summary>
    public const string ResultFile = "tlc.npy";

    /// <summary>
    /// The program as written to program.tl: the reads of its inputs, its equations, and a write of the result.
    /// `tlc run program.tl` (the end-to-end column) computes and writes it as a user's run would; writing a file
    /// rather than printing keeps a huge tensor's text out of the time, and the peers' scripts save theirs alike.
    /// The in-process harness evaluates the result tensor directly and never performs the write; the write is
    /// still needed there, as without an output the program would be all dead code (warning TL2029), which an
    /// optimizing engine may drop.
    /// </summary>
    public string Program()
    {
        var reads = Inputs.Select(i => $"{i.Tensor} = \"{i.FileName}\"");
        return $"# {Name}: {Description}\n{string.Join("\n", reads)}\n{Equations.Trim()}\n\"{ResultFile}\" = {Result}\n";
    }
}

/// <summary>A data file a case reads. Each input draws from its own seeded generator, so inputs do not depend on one another.</summary>
public abstract record InputFile(string Tensor, string FileName);

/// <summary>A dense float32 .npy array with values uniform in [<paramref name="Low"/>, <paramref name="High"/>).</summary>
public sealed record DenseInput(string Tensor, string FileName, ImmutableArray<int> Shape, double Low = -1, double High = 1)
    : InputFile(Tensor, FileName);

/// <summary>A .tsv of integer tuples (the facts of a relation), made by <paramref name="Rows"/> from a seeded generator.</summary>
public sealed record TableInput(string Tensor, string FileName, Func<Random, IEnumerable<int[]>> Rows)
    : InputFile(Tensor, FileName);

/// <summary>Computes a case's result by brute force from its dense inputs (by tensor name), row-major.</summary>
public delegate double[] NaiveLoop(IReadOnlyDictionary<string, double[]> inputs);
