using System.Numerics;
using TensorLogic.Compiler.IR;

namespace TensorLogic.Backends.Cpu.Contraction;

/// <summary>One loop of a nest: its trip count and how far each of o, a and b moves per step.</summary>
internal readonly record struct LoopDim(int Size, long Out, long A, long B);

/// <summary>
/// A loop nest computing <c>o (+)= alpha · Σ a · b</c> over strided operands: the engine behind reductions,
/// permutations, direct multiply-reduce steps and the per-tuple slices of sparse steps. It is arranged once:
/// size-1 loops are dropped, loops that are contiguous in every operand are merged (so
/// <c>Y[i, j] = A[i, j] B[i, j]</c> is one loop of i·j), the loop that gives the best SIMD pattern becomes the
/// innermost (<see cref="InnerKind"/>), and the rest run outermost-first by decreasing output stride. When the
/// nest is large, the leading loops that move the output (so distinct iterations write distinct cells) are
/// split across threads.
/// </summary>
internal sealed unsafe class StridedLoop<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Below this many multiply-adds a Parallel.For costs more than it saves.</summary>
    public const long ParallelWork = 1L << 16;

    private readonly int[] _sizes;
    private readonly long[] _out;
    private readonly long[] _a;
    private readonly long[] _b;
    private readonly LoopDim _inner;
    private readonly InnerKind _kind;
    private readonly long _lines;
    private readonly long _linesPerSplit;
    private readonly int _chunks;
    private readonly long _splits;
    private readonly ParallelOptions? _parallel;
    private readonly Action<int>? _chunkBody;
    private ParallelRun _run;

    /// <summary>The arguments of a parallel run, kept in a field so the cached chunk delegate needs no closure.</summary>
    private struct ParallelRun
    {
        public nint A, B, O;
        public T Alpha;
        public bool Assign;
    }

    private StridedLoop(List<LoopDim> outer, LoopDim inner, int threads)
    {
        _sizes = [.. outer.Select(d => d.Size)];
        _out = [.. outer.Select(d => d.Out)];
        _a = [.. outer.Select(d => d.A)];
        _b = [.. outer.Select(d => d.B)];
        _inner = inner;
        _kind = InnerKernels<T>.Classify(inner.Out, inner.A, inner.B);
        _lines = outer.Aggregate(1L, (p, d) => p * d.Size);
        IsEmpty = _lines == 0 || inner.Size == 0;
        // Leading loops that move the output can be split: no two of their iterations touch the same cell.
        _splits = outer.TakeWhile(d => d.Out != 0).Aggregate(1L, (p, d) => p * d.Size);
        _linesPerSplit = _splits == 0 ? 0 : _lines / _splits;
        var cores = threads > 0 ? threads : Environment.ProcessorCount;
        if (cores > 1 && _splits > 1 && _lines * inner.Size >= ParallelWork)
        {
            _chunks = (int)Math.Min(_splits, cores * 4L);
            _parallel = new ParallelOptions { MaxDegreeOfParallelism = cores };
            _chunkBody = RunChunk;
        }
    }

    /// <summary>True when the nest has no iterations (some index has size 0).</summary>
    public bool IsEmpty { get; }

    /// <summary>
    /// A nest over <paramref name="indices"/> writing <paramref name="output"/> from <paramref name="a"/> and
    /// <paramref name="b"/> (null: a unary nest, b is a single element).
    /// </summary>
    public static StridedLoop<T> Create(IEnumerable<IrIndex> indices, OperandLayout output, OperandLayout a, OperandLayout? b, int threads)
    {
        var dims = indices.Distinct()
            .Select(i => new LoopDim(i.Size, output.StrideOf(i), a.StrideOf(i), b?.StrideOf(i) ?? 0))
            .ToList();
        return Create(dims, threads);
    }

    public static StridedLoop<T> Create(List<LoopDim> dims, int threads)
    {
        if (dims.Any(d => d.Size == 0))
            return new StridedLoop<T>([], new LoopDim(0, 0, 0, 0), threads);
        var ordered = dims.Where(d => d.Size != 1)
            .OrderByDescending(d => d.Out).ThenByDescending(d => d.A).ThenByDescending(d => d.B)
            .ToList();
        var merged = Merge(ordered);
        if (merged.Count == 0)
            return new StridedLoop<T>([], new LoopDim(1, 0, 0, 0), threads);
        var inner = merged
            .OrderByDescending(d => InnerKernels<T>.Score(InnerKernels<T>.Classify(d.Out, d.A, d.B)))
            .ThenByDescending(d => d.Size)
            .First();
        merged.Remove(inner);
        return new StridedLoop<T>(merged, inner, threads);
    }

    /// <summary>Joins neighbours that are one contiguous range in every operand (outer stride = inner stride · inner size).</summary>
    private static List<LoopDim> Merge(List<LoopDim> ordered)
    {
        var merged = new List<LoopDim>();
        foreach (var dim in ordered)
        {
            if (merged.Count > 0 && merged[^1] is var last
                && last.Out == dim.Out * dim.Size && last.A == dim.A * dim.Size && last.B == dim.B * dim.Size)
            {
                merged[^1] = new LoopDim(checked(last.Size * dim.Size), dim.Out, dim.A, dim.B);
            }
            else
            {
                merged.Add(dim);
            }
        }
        return merged;
    }

    /// <summary>
    /// Runs the nest. <paramref name="b"/> may be null for a unary nest. <paramref name="assign"/> overwrites
    /// the output, which is only correct when no loop is summed (every cell is visited once).
    /// </summary>
    public void Run(T* a, T* b, T* o, T alpha, bool assign)
    {
        if (IsEmpty)
            return;
        var one = T.One;
        if (b is null)
            b = &one;
        if (_chunkBody is null)
        {
            RunLines(a, b, o, alpha, assign, 0, _lines);
            return;
        }
        // `one` lives on this thread's stack, which stays put while Parallel.For blocks.
        _run = new ParallelRun { A = (nint)a, B = (nint)b, O = (nint)o, Alpha = alpha, Assign = assign };
        Parallel.For(0, _chunks, _parallel!, _chunkBody);
    }

    private void RunChunk(int chunk)
    {
        var first = _splits * chunk / _chunks;
        var last = _splits * (chunk + 1) / _chunks;
        RunLines((T*)_run.A, (T*)_run.B, (T*)_run.O, _run.Alpha, _run.Assign, first * _linesPerSplit, last * _linesPerSplit);
    }

    /// <summary>The inner line for each outer iteration in [first, last), in row-major order of the outer loops.</summary>
    private void RunLines(T* a, T* b, T* o, T alpha, bool assign, long first, long last)
    {
        var rank = _sizes.Length;
        Span<int> counter = stackalloc int[rank];
        long offsetA = 0, offsetB = 0, offsetO = 0;
        var rest = first;
        for (var p = rank - 1; p >= 0; p--)
        {
            counter[p] = (int)(rest % _sizes[p]);
            rest /= _sizes[p];
            offsetA += counter[p] * _a[p];
            offsetB += counter[p] * _b[p];
            offsetO += counter[p] * _out[p];
        }
        var inner = _inner;
        for (var line = first; line < last; line++)
        {
            InnerKernels<T>.Run(_kind, inner.Size, o + offsetO, inner.Out, a + offsetA, inner.A, b + offsetB, inner.B, alpha, assign);
            for (var p = rank - 1; p >= 0; p--)
            {
                offsetA += _a[p];
                offsetB += _b[p];
                offsetO += _out[p];
                if (++counter[p] < _sizes[p])
                    break;
                offsetA -= _a[p] * _sizes[p];
                offsetB -= _b[p] * _sizes[p];
                offsetO -= _out[p] * _sizes[p];
                counter[p] = 0;
            }
        }
    }
}
