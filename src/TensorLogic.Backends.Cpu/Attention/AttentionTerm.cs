using System.Numerics;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Cpu.Attention;

/// <summary>
/// A term of an equation that the <see cref="AttentionKernel{T}"/> computes: a masked score product
/// (<c>softmax(Pos(q) Pos(p) [q &lt;= p] Query[h, p, dk] Key[h, q, dk])</c>, with its equation's softmax when
/// it is the equation's only term), or a weighted sum whose weights are such a product's softmax
/// (<c>Comp[h, p, q] Val[h, q, dv]</c> where the compiler marked Comp <see cref="FusedInput"/>), computed
/// without reading Comp. Any other term, or a machine without AVX-512, keeps the general path.
/// </summary>
internal sealed class AttentionTerm<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ContractionTerm _scores;
    private readonly ContractionTerm? _weighted;
    private readonly AttentionLayout _layout;
    private readonly AttentionKernel<T> _kernel;
    private readonly MaskCache _masks = new();

    private AttentionTerm(ContractionTerm scores, ContractionTerm? weighted, AttentionLayout layout, bool normalize, int threads)
    {
        (_scores, _weighted, _layout) = (scores, weighted, layout);
        _kernel = new AttentionKernel<T>(layout, normalize, threads);
        // A fused weighted sum normalizes the weights, not its own equation's result.
        Normalizes = normalize && weighted is null;
    }

    /// <summary>Whether the term applies its equation's softmax itself (the equation's epilogue is then skipped).</summary>
    public bool Normalizes { get; }

    /// <summary>A fused weighted sum reaches every cell; a masked score product only the cells its mask allows, which it counts.</summary>
    public bool ReachesEveryCell => _weighted is not null;

    /// <summary>For a fused weighted sum, the equation of the weights it computes in place of reading them.</summary>
    public IrEquation? ComputedInPlace => _weighted?.Fused?.Producer;

    /// <summary>The attention kernel for <paramref name="term"/> of <paramref name="equation"/>, or null for the general path.</summary>
    public static AttentionTerm<T>? For(IrEquation equation, ContractionTerm term, int threads)
    {
        if (!AttentionKernel<T>.IsSupported)
            return null;
        if (term.Fused is { Producer: { Terms: [ContractionTerm scores] } producer } && IsSoftmaxAlongLast(producer)
            && AttentionLayout.OfWeightedSum(term) is { } weightedLayout)
            return new AttentionTerm<T>(scores, term, weightedLayout, normalize: true, threads);
        if (term.IsMasked && term.Fused is null && AttentionLayout.OfScores(term) is { } layout)
            return new AttentionTerm<T>(term, null, layout, normalize: equation.Terms.Length == 1 && IsSoftmaxAlongLast(equation), threads);
        return null;
    }

    /// <summary>Adds the term to <paramref name="values"/>; a score product also counts its allowed cells in <paramref name="counts"/>.</summary>
    public void Execute(IOperandSource<T> source, DenseTensor<T> values, int[]? counts)
    {
        var mask = _masks.Grid(_scores, [.. _scores.Masks.Select(m => source.Relation(m.Tensor))]);
        var (a, b) = (source.Dense(_scores.Inputs[_layout.AInput].Tensor), source.Dense(_scores.Inputs[1 - _layout.AInput].Tensor));
        var factor = T.CreateTruncating(_scores.Sign * _scores.Scale);
        if (_weighted is null)
        {
            _kernel.AddScores(a, b, mask, factor, values, counts!);
            return;
        }
        var v = source.Dense(_weighted.Inputs[1 - _weighted.Fused!.Position].Tensor);
        _kernel.AddWeightedSum(a, b, mask, factor, v, T.CreateTruncating(_weighted.Sign * _weighted.Scale), values);
    }

    private static bool IsSoftmaxAlongLast(IrEquation equation) =>
        equation.Finish is { Function.Normalizer: Normalizer.Softmax, NormalizedAxes: [var axis] }
        && axis == equation.Target.Shape.Length - 1
        && equation.Aggregation == Aggregation.Sum;
}
