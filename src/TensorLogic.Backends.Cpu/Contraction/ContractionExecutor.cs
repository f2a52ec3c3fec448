using TensorLogic.Runtime.Values;
using System.Numerics;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Backends.Cpu.Contraction;

/// <summary>
/// Runs one <see cref="ContractionTerm"/> on the CPU, following its plan step by step:
/// <c>accumulator += scale · Σ Π inputs</c>. Everything that depends only on the term (the kernel of each step,
/// strides, permutations, the temporaries $t0, $t1, ... and any packing buffers) is prepared once by the
/// constructor; small temporaries are kept, so repeated runs in a fixpoint loop allocate nothing but what
/// Parallel.For itself needs, and large ones are rented for each run (<see cref="ScratchTensor{T}"/>).
/// An executor is not reentrant: its temporaries are shared by successive runs.
/// </summary>
public sealed class ContractionExecutor<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>How a step finds one of its inputs.</summary>
    private enum InputKind
    {
        None,
        Dense,
        Relation,
        Temporary,
    }

    /// <summary>One input of a step: a tensor asked of the source on each run, or the temporary that step <c>Producer</c> computed.</summary>
    private readonly record struct Input(InputKind Kind, TensorSymbol? Tensor, int Producer);

    private readonly ContractionTerm _term;
    private readonly IStepKernel<T>[] _kernels;
    private readonly Input[] _left;
    private readonly Input[] _right;
    private readonly ScratchTensor<T>?[] _results;
    private readonly DenseTensor<T>?[] _taken;
    private readonly long _outputElements;

    /// <param name="threads">Cores to use at most (0 = all).</param>
    public ContractionExecutor(ContractionTerm term, int threads = 0)
    {
        if (!GemmCall<T>.IsSupported)
            throw new NotSupportedException($"the CPU backend computes in float or double, not {typeof(T).Name}");
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        _term = term;
        _outputElements = term.Output.Elements;
        var steps = term.Plan.Steps;
        if (!steps.IsEmpty && steps[^1].Result != term.Output)
            throw new InvalidOperationException($"the plan of {term.Output} does not end in its output");
        var temporaries = new Dictionary<TensorSymbol, int>();
        _kernels = new IStepKernel<T>[steps.Length];
        _left = new Input[steps.Length];
        _right = new Input[steps.Length];
        _results = new ScratchTensor<T>?[steps.Length];
        _taken = new DenseTensor<T>?[steps.Length];
        for (var s = 0; s < steps.Length; s++)
        {
            var step = steps[s];
            _kernels[s] = StepKernels.For<T>(step, threads);
            _left[s] = InputOf(step.Left, temporaries);
            _right[s] = step.Right is null ? default : InputOf(step.Right, temporaries);
            if (s < steps.Length - 1)
            {
                _results[s] = new ScratchTensor<T>(new OperandLayout(step.Result).Shape);
                temporaries.Add(step.Result.Tensor, s);
            }
        }
    }

    /// <summary>The kernel of each step, for tests that check how a step is laid out.</summary>
    internal IReadOnlyList<IStepKernel<T>> Kernels => _kernels;

    /// <summary>The term's own factor, <c>Sign · Scale</c>.</summary>
    public T TermScale => T.CreateTruncating(_term.Sign * _term.Scale);

    /// <summary><c>accumulator += Sign · Scale · Σ Π inputs</c>: the term as written.</summary>
    public void Execute(IOperandSource<T> source, DenseTensor<T> accumulator) => Execute(source, accumulator, TermScale);

    /// <summary>
    /// <c>accumulator += scale · Σ Π inputs</c>, where <paramref name="scale"/> replaces the term's own
    /// Sign · Scale (pass <see cref="TermScale"/> for the term as written). The accumulator is shaped as the
    /// term's output, its axes in the output's index order, and must not be the buffer of an input. Relations
    /// are only read, but a join may make one build a lookup index, so no other thread may use them meanwhile.
    /// </summary>
    public void Execute(IOperandSource<T> source, DenseTensor<T> accumulator, T scale) => Execute(source, accumulator, scale, assign: false);

    /// <summary>
    /// <c>output = Sign · Scale · Σ Π inputs</c>: every cell of <paramref name="output"/> is written, whatever it
    /// held (the first term of an equation writes its result buffer without clearing and reading it first).
    /// </summary>
    public void Assign(IOperandSource<T> source, DenseTensor<T> output) => Execute(source, output, TermScale, assign: true);

    /// <summary>Whether <see cref="Assign"/> writes every cell (a plan of no steps writes nothing).</summary>
    public bool CanAssign => _kernels.Length > 0;

    private void Execute(IOperandSource<T> source, DenseTensor<T> accumulator, T scale, bool assign)
    {
        if (accumulator.Length != _outputElements)
            throw new ArgumentException($"the accumulator holds {accumulator.Length} elements, {_term.Output} needs {_outputElements}");
        try
        {
            for (var s = 0; s < _kernels.Length; s++)
            {
                var isFinal = s == _kernels.Length - 1;
                // Only the final step scales: temporaries hold plain partial products.
                _kernels[s].Run(Resolve(_left[s], source), Resolve(_right[s], source),
                    isFinal ? accumulator : _taken[s] = _results[s]!.Take(), isFinal ? scale : T.One, accumulate: isFinal && !assign);
            }
        }
        finally
        {
            for (var s = 0; s < _taken.Length; s++)
            {
                if (_taken[s] is { } taken)
                    _results[s]!.Give(taken);
                _taken[s] = null;
            }
        }
    }

    private static Input InputOf(IrOperand operand, Dictionary<TensorSymbol, int> temporaries)
    {
        if (temporaries.TryGetValue(operand.Tensor, out var producer))
            return new Input(InputKind.Temporary, operand.Tensor, producer);
        if (operand.Tensor.IsTemporary)
            throw new InvalidOperationException($"the plan reads {operand} before a step computes it");
        return new Input(operand.IsSparse ? InputKind.Relation : InputKind.Dense, operand.Tensor, -1);
    }

    private StepInput<T> Resolve(in Input input, IOperandSource<T> source) =>
        input.Kind switch
        {
            InputKind.Temporary => StepInput<T>.Of(_taken[input.Producer]!),
            InputKind.Dense => StepInput<T>.Of(source.Dense(input.Tensor!)),
            InputKind.Relation => StepInput<T>.Of(source.Relation(input.Tensor!)),
            _ => default,
        };
}
