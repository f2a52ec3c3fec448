using System.Globalization;
using System.Numerics;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Runtime.Execution;

/// <summary>
/// TL5010: a float32 engine's result that is infinite or NaN where float64 is finite. Inputs near 1e308, or
/// products past 3.4e38, overflow float32 silently; the answer would then differ from the reference's with
/// no word of why. After each stratum computed once, the engine's result is scanned (one vectorized pass),
/// and only when an element is not finite is that element computed again in double by the reference kernels
/// from the same inputs. An element that is not finite in double either (a log of 0, data that was already
/// infinite) is the program's own and is not reported.
/// </summary>
public sealed partial class StratumRunner<T>
{
    // A tensor is reported once per session, not once per training step.
    private readonly HashSet<TensorSymbol> _overflowReported = [];
    private readonly HashSet<SparseTensor> _sparseChecked = new(ReferenceEqualityComparer.Instance);

    // Values scanned where an engine keeps them (a GPU): the first computation of each, in this runner.
    private readonly HashSet<TensorSymbol> _scannedOnDevice = [];

    private void ReportOverflow(IrStratum stratum)
    {
        // A loop's state is overwritten step by step, so its final elements cannot be recomputed on their own.
        if (typeof(T) != typeof(float) || stratum.Kind != StratumKind.Once)
            return;
        foreach (var tensor in Targets(stratum))
        {
            if (tensor.IsBoolean || _overflowReported.Contains(tensor) || Value(tensor) is not DenseTensor<T> dense)
                continue;
            // A value on a GPU is scanned there, and only the first time it is computed: each scan waits for the
            // device, which a training step repeating the same equations should not pay again and again.
            if (dense.Mirror is { } mirror && (!_scannedOnDevice.Add(tensor) || mirror.FirstNonFinite() < 0))
                continue;
            ReportOverflow(stratum, tensor, dense);
        }
    }

    private void ReportOverflow(IrStratum stratum, TensorSymbol tensor, DenseTensor<T> dense)
    {
        var offset = FirstNonFinite(dense.Data);
        if (offset < 0)
            return;
        var cell = new int[tensor.Rank];
        dense.CellOf(offset, cell);
        var equations = stratum.Equations.Where(e => e.Target == tensor).ToList();
        var exact = ReferenceCell.Value(this, this, tensor, equations, cell);
        if (!double.IsFinite(exact))
            return;
        _overflowReported.Add(tensor);
        var at = tensor.Rank == 0 ? "" : $" at [{string.Join(", ", cell)}]";
        _diagnostics.Report(Catalog.NonFiniteValue, equations[0].Location,
            string.Create(CultureInfo.InvariantCulture, $"'{tensor.Name}'{at} is {dense.Data[offset]} in float32, where float64 gives {exact:G6}: the computation overflowed float32"),
            "run with --engine cpu-f64 for float64, or scale the values down");
    }

    /// <summary>
    /// Data converted to float32 (a literal or a file of doubles) with an element beyond float32's range
    /// (about 3.4e38), which becomes infinite before any equation reads it.
    /// </summary>
    private void ReportConversionOverflow(TensorSymbol tensor, TensorValue source, DenseTensor<T> converted)
    {
        if (typeof(T) != typeof(float) || source is not DenseTensor<double> data || _overflowReported.Contains(tensor))
            return;
        var offset = FirstNonFinite(converted.Data);
        if (offset >= 0 && double.IsFinite(data.Data[offset]))
            ReportDataOverflow(tensor, offset, data.Data[offset]);
    }

    /// <summary>
    /// The same check of data held as weighted tuples, which a float32 kernel reads cell by cell: only its
    /// listed cells can be beyond range.
    /// </summary>
    private void ReportSparseOverflow(TensorSymbol tensor, SparseTensor data)
    {
        // Kernels ask for the value at every call (a round of a recursion): its entries are scanned once.
        if (typeof(T) != typeof(float) || _overflowReported.Contains(tensor) || !_sparseChecked.Add(data))
            return;
        var offset = data.FirstListed(v => double.IsFinite(v) && !float.IsFinite((float)v));
        if (offset >= 0)
            ReportDataOverflow(tensor, offset, data.Get(offset));
    }

    private void ReportDataOverflow(TensorSymbol tensor, long offset, double value)
    {
        _overflowReported.Add(tensor);
        var cell = new RowMajorLayout(tensor.Shape).CellOf(offset);
        var at = tensor.Rank == 0 ? "" : $" at [{string.Join(", ", cell)}]";
        _diagnostics.Report(Catalog.NonFiniteValue, tensor.Location,
            string.Create(CultureInfo.InvariantCulture, $"'{tensor.Name}'{at} is {value:G6}, beyond float32's range: it is {T.CreateTruncating(value)} in float32"),
            "run with --engine cpu-f64 for float64, or scale the values down");
    }

    /// <summary>The offset of the first element that is infinite or NaN, or -1.</summary>
    private static long FirstNonFinite(T[] data)
    {
        var span = data.AsSpan();
        var i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            // x - x is 0 for every finite x and NaN for infinities and NaN, so a vector of finite elements gives zeros.
            for (; i + Vector<T>.Count <= span.Length; i += Vector<T>.Count)
            {
                var values = new Vector<T>(span[i..]);
                if (!Vector.EqualsAll(values - values, Vector<T>.Zero))
                    break;
            }
        }
        for (; i < span.Length; i++)
        {
            if (!T.IsFinite(span[i]))
                return i;
        }
        return -1;
    }
}
