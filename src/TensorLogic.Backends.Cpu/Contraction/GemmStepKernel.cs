using TensorLogic.Runtime.Values;
using System.Numerics;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Backends.Cpu.Contraction;

/// <summary>
/// A dense step run as one batched GEMM call laid out by <see cref="GemmLayout"/>. Indices that only one
/// operand has and the result lacks are summed away first (<c>Σ_j A[i,j,k] B[k,l]</c> → A'[i,k]); then each
/// operand is used in place or packed, and C is the result itself or a scratch permuted into it.
/// </summary>
internal sealed unsafe class GemmStepKernel<T> : IStepKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A copy or reduction into a scratch buffer of this kernel, taken for one run.</summary>
    private sealed class Stage(IrOperand from, IrOperand into, int threads)
    {
        private readonly LoopStepKernel<T> _kernel = new(from, null, into, threads);
        private readonly ScratchTensor<T> _buffer = new(new OperandLayout(into).Shape);
        private DenseTensor<T>? _taken;

        public IrOperand Into { get; } = into;

        public DenseTensor<T> Apply(DenseTensor<T> input)
        {
            _taken = _buffer.Take();
            _kernel.Run(input, null, _taken, T.One, accumulate: false);
            return _taken;
        }

        /// <summary>The run that applied this stage is over.</summary>
        public void Release()
        {
            if (_taken is not null)
                _buffer.Give(_taken);
            _taken = null;
        }
    }

    private readonly Stage? _sumLeft;
    private readonly Stage? _sumRight;
    private readonly Stage? _packA;
    private readonly Stage? _packB;
    private readonly ScratchTensor<T>? _scratch;
    private readonly LoopStepKernel<T>? _unpack;
    private readonly GemmLayout _layout;
    private readonly long _leftElements;
    private readonly long _rightElements;
    private readonly int _threads;

    public GemmStepKernel(IrOperand left, IrOperand right, IrOperand result, int threads)
    {
        _threads = threads;
        _leftElements = left.Elements;
        _rightElements = right.Elements;
        _sumLeft = SumPrivate(left, right, result, "$gemm-left", threads);
        _sumRight = SumPrivate(right, left, result, "$gemm-right", threads);
        var gemmLeft = _sumLeft?.Into ?? left;
        var gemmRight = _sumRight?.Into ?? right;
        _layout = GemmLayouts.For(gemmLeft, gemmRight, result);
        var (a, b) = _layout.Swapped ? (gemmRight, gemmLeft) : (gemmLeft, gemmRight);
        _packA = _layout.PackA is { } packA ? new Stage(a, packA, threads) : null;
        _packB = _layout.PackB is { } packB ? new Stage(b, packB, threads) : null;
        if (_layout.ScratchC is { } scratch)
        {
            _scratch = new ScratchTensor<T>(new OperandLayout(scratch).Shape);
            _unpack = new LoopStepKernel<T>(scratch, null, result, threads);
        }
    }

    /// <summary>Which copies this step makes, for tests and dumps: "sum-left", "pack-a", "scratch-c", ...</summary>
    public IEnumerable<string> Copies()
    {
        if (_sumLeft is not null)
            yield return "sum-left";
        if (_sumRight is not null)
            yield return "sum-right";
        if (_packA is not null)
            yield return "pack-a";
        if (_packB is not null)
            yield return "pack-b";
        if (_scratch is not null)
            yield return "scratch-c";
    }

    public bool Swapped => _layout.Swapped;

    private static Stage? SumPrivate(IrOperand operand, IrOperand other, IrOperand result, string name, int threads)
    {
        bool Kept(IrIndex i) => other.Indices.Contains(i) || result.Indices.Contains(i);
        // Loops, not a query: this runs for every step of every kernel a fresh session compiles.
        foreach (var index in operand.Indices)
        {
            if (!Kept(index))
                return new Stage(operand, new IrOperand(TensorSymbol.Temporary(name), [.. operand.Indices.Where(Kept)]), threads);
        }
        return null;
    }

    public void Run(in StepInput<T> left, in StepInput<T> right, DenseTensor<T> result, T alpha, bool accumulate)
    {
        var l = left.RequireDense();
        var r = right.RequireDense();
        if (l.Length != _leftElements || r.Length != _rightElements)
            throw new InvalidOperationException("an operand buffer does not match its indices");
        try
        {
            Run(l, r, result, alpha, accumulate);
        }
        finally
        {
            _sumLeft?.Release();
            _sumRight?.Release();
            _packA?.Release();
            _packB?.Release();
        }
    }

    private void Run(DenseTensor<T> l, DenseTensor<T> r, DenseTensor<T> result, T alpha, bool accumulate)
    {
        l = _sumLeft?.Apply(l) ?? l;
        r = _sumRight?.Apply(r) ?? r;
        var (a, b) = _layout.Swapped ? (r, l) : (l, r);
        a = _packA?.Apply(a) ?? a;
        b = _packB?.Apply(b) ?? b;
        if (_scratch is null)
        {
            Multiply(a, b, result, alpha, accumulate ? T.One : T.Zero);
            return;
        }
        var scratch = _scratch.Take();
        try
        {
            Multiply(a, b, scratch, T.One, T.Zero);
            _unpack!.Run(scratch, null, result, alpha, accumulate);
        }
        finally
        {
            _scratch.Give(scratch);
        }
    }

    private void Multiply(DenseTensor<T> a, DenseTensor<T> b, DenseTensor<T> c, T alpha, T beta)
    {
        fixed (T* pa = a.Data, pb = b.Data, pc = c.Data)
            GemmCall<T>.Run(_layout.Strides, pa, pb, pc, alpha, beta, _threads);
    }
}
