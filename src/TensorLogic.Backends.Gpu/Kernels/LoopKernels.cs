using ILGPU;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Backends.Gpu.Kernels;

/// <summary>
/// Device code of loop terms: each thread runs the term's program (<see cref="LoopOp"/>) on its share of the
/// bindings and combines each value into its target cell with atomics, counting the bindings each cell receives;
/// then the reached cells are added to the equation's accumulator. Index arithmetic, comparisons, parity,
/// operators and built-ins call their one shared definition; max, min and the average's division have device
/// forms here, each saying why.
/// </summary>
public static class LoopKernels
{
    /// <summary>The most variables a term's binding may have (a thread keeps its binding in local memory).</summary>
    public const int MaxVariables = 16;

    /// <summary>The deepest either stack of a term's program may grow.</summary>
    public const int MaxStack = 16;

    /// <summary>
    /// Bindings <paramref name="thread"/>, + <paramref name="threads"/>, … below <paramref name="bindings"/> of the
    /// term (a launch has fewer threads than a term may have bindings, and each thread costs the CPU accelerator
    /// microseconds): unless a range check or a filter drops a binding, its value is combined into
    /// <paramref name="values"/> at its cell and the cell's count in <paramref name="reached"/> goes up by one.
    /// <paramref name="tensors"/> holds every tensor the term reads, tensor t from <c>bases[t]</c> on.
    /// </summary>
    public static void Interpret(Index1D thread, int threads, int bindings, ArrayView<int> code, ArrayView<float> constants,
        ArrayView<int> slots, ArrayView<long> bases, ArrayView<float> tensors, ArrayView<float> values, ArrayView<int> reached,
        int aggregation)
    {
        var binding = LocalMemory.Allocate<int>(MaxVariables);
        var indices = LocalMemory.Allocate<long>(MaxStack);
        var stack = LocalMemory.Allocate<float>(MaxStack);
        for (long number = thread.X; number < bindings; number += threads)
        {
            Decode((int)number, slots, binding);
            var cell = Run(code, constants, bases, tensors, binding, indices, stack);
            if (cell < 0)
                continue;
            Combine(values, cell, stack[0], (Aggregation)aggregation);
            Atomic.Add(ref reached[cell], 1);
        }
    }

    /// <summary>
    /// The variables of binding <paramref name="number"/>, row-major over <paramref name="slots"/>: per variable
    /// its size, or -1 and its value when a pin (or nothing) fixes it.
    /// </summary>
    private static void Decode(int number, ArrayView<int> slots, ArrayView<int> binding)
    {
        for (var s = (int)(slots.Length / 2) - 1; s >= 0; s--)
        {
            var size = slots[2 * s];
            if (size < 0)
            {
                binding[s] = slots[2 * s + 1];
                continue;
            }
            binding[s] = number % size;
            number /= size;
        }
    }

    /// <summary>The program on one binding: the target cell with the value left in <c>stack[0]</c>, or -1 when the binding is dropped.</summary>
    private static long Run(ArrayView<int> code, ArrayView<float> constants, ArrayView<long> bases, ArrayView<float> tensors,
        ArrayView<int> binding, ArrayView<long> indices, ArrayView<float> stack)
    {
        long cell = 0;
        var top = 0;
        var indexTop = 0;
        var pc = 0;
        var end = (int)code.Length;
        while (pc < end)
        {
            switch ((LoopOp)code[pc])
            {
                case LoopOp.Variable:
                    indices[indexTop++] = binding[code[pc + 1]];
                    pc += 2;
                    break;
                case LoopOp.IndexConstant:
                    indices[indexTop++] = code[pc + 1];
                    pc += 2;
                    break;
                case LoopOp.IndexArithmetic:
                    indexTop--;
                    indices[indexTop - 1] = IndexSemantics.Apply((IndexOperator)code[pc + 1], indices[indexTop - 1], indices[indexTop]);
                    pc += 2;
                    break;
                case LoopOp.IndexNegate:
                    indices[indexTop - 1] = -indices[indexTop - 1];
                    pc++;
                    break;
                case LoopOp.Target:
                {
                    var rank = code[pc + 1];
                    indexTop -= rank;
                    cell = Offset(code, pc + 2, rank, indices, indexTop);
                    if (cell < 0)
                        return -1;
                    pc += 2 + rank;
                    break;
                }
                case LoopOp.Read:
                {
                    var rank = code[pc + 2];
                    indexTop -= rank;
                    var offset = Offset(code, pc + 3, rank, indices, indexTop);
                    if (offset < 0)
                        return -1;
                    stack[top++] = tensors[bases[code[pc + 1]] + offset];
                    pc += 3 + rank;
                    break;
                }
                case LoopOp.Constant:
                    stack[top++] = constants[code[pc + 1]];
                    pc += 2;
                    break;
                case LoopOp.IndexValue:
                    stack[top++] = indices[--indexTop];
                    pc++;
                    break;
                case LoopOp.Call:
                    top--;
                    stack[top - 1] = BuiltinCalls.Value(code[pc + 1], stack[top - 1], stack[top]);
                    pc += 2;
                    break;
                case LoopOp.Negate:
                    stack[top - 1] = -stack[top - 1];
                    pc++;
                    break;
                case LoopOp.Reciprocal:
                    stack[top - 1] = 1f / stack[top - 1];
                    pc++;
                    break;
                case LoopOp.Not:
                    // As the reference: 1 for x ≤ 0 and for NaN.
                    stack[top - 1] = stack[top - 1] > 0f ? 0f : 1f;
                    pc++;
                    break;
                case LoopOp.Binary:
                    top--;
                    stack[top - 1] = ElementwiseFunctions.Apply((BinaryOperator)code[pc + 1], stack[top - 1], stack[top]);
                    pc += 2;
                    break;
                case LoopOp.Compare:
                    indexTop -= 2;
                    stack[top++] = IndexSemantics.Compare((ComparisonOperator)code[pc + 1], indices[indexTop], indices[indexTop + 1]) ? 1f : 0f;
                    pc += 2;
                    break;
                case LoopOp.Parity:
                    indexTop--;
                    stack[top++] = IndexSemantics.HasParity((IndexPredicateKind)code[pc + 1], indices[indexTop]) ? 1f : 0f;
                    pc += 2;
                    break;
                case LoopOp.Filter:
                    if (stack[top - 1] == 0f)
                        return -1;
                    pc++;
                    break;
                case LoopOp.Multiply:
                    top--;
                    stack[top - 1] *= stack[top];
                    pc++;
                    break;
                default:
                    return -1;
            }
        }
        return cell;
    }

    /// <summary>
    /// The row-major offset of the positions on the index stack from <paramref name="first"/> on, with the sizes
    /// in the code from <paramref name="sizes"/> on; -1 when a position lies outside its size.
    /// </summary>
    private static long Offset(ArrayView<int> code, int sizes, int rank, ArrayView<long> indices, int first)
    {
        long offset = 0;
        for (var p = 0; p < rank; p++)
        {
            long size = code[sizes + p];
            var position = indices[first + p];
            // One unsigned comparison rejects negative positions, those past the end and IndexSemantics.Invalid.
            if ((ulong)position >= (ulong)size)
                return -1;
            offset = offset * size + position;
        }
        return offset;
    }

    /// <summary>
    /// A binding's value into its cell: sums (and averages) with a float atomic add; max and min in a
    /// compare-and-swap loop on the bits, since a device's atomic max/min have other NaN and signed-zero rules.
    /// The cells start at the aggregation's identity (<see cref="Accumulation{T}.Identity"/>).
    /// </summary>
    private static void Combine(ArrayView<float> values, long cell, float value, Aggregation aggregation)
    {
        if (aggregation is Aggregation.Sum or Aggregation.Average)
        {
            DeviceMath.AtomicAdd(values, cell, value);
            return;
        }
        var bits = values.Cast<int>();
        var current = bits[cell];
        while (true)
        {
            var old = Interop.IntAsFloat((uint)current);
            var combined = (int)Interop.FloatAsInt(aggregation == Aggregation.Max ? DeviceMath.Maximum(old, value) : DeviceMath.Minimum(old, value));
            if (combined == current)
                return;
            var seen = Atomic.CompareExchange(ref bits[cell], current, combined);
            if (seen == current)
                return;
            current = seen;
        }
    }

    /// <summary>Every cell to <paramref name="value"/> (a max or min accumulator to its identity).</summary>
    public static void Fill(Index1D cell, ArrayView<float> values, float value) => values[cell] = value;

    /// <summary>
    /// A term's reached cells into the equation's accumulator: the cell's result (an average divided by its
    /// count) added to <paramref name="values"/>, and its count to <paramref name="counts"/> when
    /// <paramref name="useCounts"/> is not 0; cells no binding reached are left alone.
    /// </summary>
    public static void AddReached(Index1D cell, ArrayView<float> termValues, ArrayView<int> termReached,
        ArrayView<float> values, ArrayView<int> counts, int useCounts, int aggregation)
    {
        var reached = termReached[cell];
        if (reached == 0)
            return;
        // Accumulation.Result's generic int-to-float conversion is not device code (ILGPU rejects its type
        // tests), so its one line is spelled out here: an average is the sum over the count.
        var value = termValues[cell];
        values[cell] += (Aggregation)aggregation == Aggregation.Average ? value / reached : value;
        if (useCounts != 0)
            counts[cell] += reached;
    }
}
